'use strict';
// A BullMQ worker: serves no HTTP (so it needs no probes) unless METRICS_PORT is set. On SIGTERM it lets the
// active job finish (worker.close()) and exits 0: the pool's terminationGracePeriodSeconds gives it the time.
//   REDIS_URL, REDIS_MODE, QUEUE_NAME (set by the operator per pool), WORKER_CONCURRENCY (1), METRICS_PORT (unset).
const http = require('node:http');
const { Queue, Worker } = require('bullmq');
const client = require('prom-client');
const { settings, connect } = require('./lib/connection');
const { render } = require('./lib/metrics');

const name = process.env.QUEUE_NAME || 'emails';
const concurrency = Number(process.env.WORKER_CONCURRENCY || 1);
const redis = settings();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const worker = new Worker(name, async (job) => {
  await sleep(Number(job.data.durationMs ?? 200));
  return { done: job.data.n };
}, { connection: connect(redis), prefix: redis.prefix, concurrency });
worker.on('ready', () => console.log(`worker ready on queue ${name}`));
worker.on('failed', (job, err) => console.error(`job ${job && job.id} failed: ${err.message}`));

let server;
let queue;
if (process.env.METRICS_PORT) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  queue = new Queue(name, { connection: connect(redis, { maxRetriesPerRequest: 1 }), prefix: redis.prefix });
  server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') { res.writeHead(404); return res.end(); }
    const text = render([await registry.metrics(), await queue.exportPrometheusMetrics()]);
    res.writeHead(200, { 'Content-Type': registry.contentType });
    res.end(text);
  });
  server.listen(Number(process.env.METRICS_PORT));
}

async function shutdown(signal) {
  console.log(`worker ${signal}: finishing the active job`);
  if (server) server.close();
  await worker.close();
  if (queue) await queue.close();
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
