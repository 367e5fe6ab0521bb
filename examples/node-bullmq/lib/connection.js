'use strict';
// The Redis connection from the operator's connection Secret: REDIS_URL (redis://:password@host:port[/db]) and
// REDIS_MODE (standalone | cluster). Under Redis Cluster every key of a queue must live in one slot, so BullMQ's
// prefix is hash-tagged ({bull}). It is hash-tagged on a standalone too: the operator's move to Redis Cluster copies
// the keys under their names, and a prefix that changed with the move would strand every queued job.
const Redis = require('ioredis');

function settings(env = process.env) {
  const url = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
  const cluster = (env.REDIS_MODE || 'standalone') === 'cluster';
  const prefix = env.QUEUE_PREFIX || '{bull}';
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: cluster ? 0 : Number(url.pathname.replace('/', '') || 0),
    cluster,
    prefix,
  };
}

// BullMQ needs maxRetriesPerRequest: null on a worker's blocking connection.
function connect(s, options = {}) {
  const common = { maxRetriesPerRequest: null, ...options };
  if (s.cluster) {
    return new Redis.Cluster([{ host: s.host, port: s.port }], { redisOptions: { password: s.password, ...common } });
  }
  return new Redis({ host: s.host, port: s.port, password: s.password, db: s.db, ...common });
}

module.exports = { settings, connect };
