'use strict';
// A small HTTP API: health, enqueueing jobs, and /metrics (prom-client + BullMQ's export of every queue it serves).
//   PORT (8080), REDIS_URL, REDIS_MODE, QUEUES (the queues it enqueues on and exports, comma-separated; the first is
//   the default; emails). QUEUE_NAME, which the operator sets only in worker pods, also names a queue when set.
const http = require('node:http');
const { Queue } = require('bullmq');
const client = require('prom-client');
const { settings, connect } = require('./lib/connection');
const { render } = require('./lib/metrics');

const port = Number(process.env.PORT || 8080);
const names = [...new Set([process.env.QUEUE_NAME, ...(process.env.QUEUES || '').split(',')]
  .map((q) => (q || '').trim()).filter(Boolean))];
if (names.length === 0) names.push('emails');
const defaultQueue = names[0];
const redis = settings();
const connection = connect(redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
const queues = new Map(names.map((name) => [name, new Queue(name, { connection, prefix: redis.prefix })]));

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
// The name prom-client and express-prom-bundle users know; the operator's p95 default reads it.
const latency = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests in seconds',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; if (data.length > 65536) reject(new Error('body too large')); });
    req.on('end', () => { try { resolve(data ? JSON.parse(data) : {}); } catch (e) { reject(e); } });
    req.on('error', reject);
  });
}

function send(res, status, text, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function route(req, res) {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/health/ready') {
    try {
      await connection.ping();
      return ['/health/ready', send(res, 200, '{"status":"UP"}')];
    } catch (e) {
      return ['/health/ready', send(res, 503, JSON.stringify({ status: 'DOWN', error: e.message }))];
    }
  }
  if (req.method === 'GET' && path === '/metrics') {
    const parts = [await registry.metrics()];
    // A queue whose counts cannot be read (Redis down) is left out, never reported as zero: the operator then
    // sees the depth missing and holds instead of scaling the pool down.
    for (const queue of queues.values()) {
      try {
        parts.push(await queue.exportPrometheusMetrics());
      } catch (e) {
        console.error(`queue ${queue.name}: no counts (${e.message})`);
      }
    }
    return ['/metrics', send(res, 200, render(parts), registry.contentType)];
  }
  if (req.method === 'POST' && path === '/jobs') {
    const { count = 1, durationMs = 200, queue: name = defaultQueue } = await body(req);
    const queue = queues.get(name);
    if (!queue || !Number.isInteger(count) || count < 1 || count > 10000 || !(durationMs >= 0 && durationMs <= 60000)) {
      return ['/jobs', send(res, 400, '{"error":"count must be 1-10000, durationMs 0-60000 (inside a worker\'s 300 s '
        + 'grace period) and queue one of ' + names.join(',') + '"}')];
    }
    const jobs = Array.from({ length: count }, (_, i) => ({ name: 'work', data: { durationMs, n: i } }));
    await queue.addBulk(jobs.map((j) => ({ ...j, opts: { removeOnComplete: 1000, removeOnFail: 1000 } })));
    return ['/jobs', send(res, 202, JSON.stringify({ queued: count, queue: name }))];
  }
  return ['unknown', send(res, 404, '{"error":"not found"}')];
}

const server = http.createServer(async (req, res) => {
  const end = latency.startTimer({ method: req.method });
  let name = 'unknown';
  try {
    [name] = await route(req, res);
  } catch (e) {
    if (!res.headersSent) send(res, 500, JSON.stringify({ error: e.message }));
  } finally {
    end({ route: name, status_code: res.statusCode });
  }
});

server.listen(port, () => console.log(`api listening on ${port}`));

async function shutdown() {
  server.close();
  await Promise.allSettled([...queues.values()].map((q) => q.close()));
  connection.disconnect();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
