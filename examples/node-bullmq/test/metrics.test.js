'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { render } = require('../lib/metrics');
const { settings } = require('../lib/connection');

test('each part ends with one newline and no part is lost', () => {
  const promClient = '# HELP up x\n# TYPE up gauge\nup 1\n';
  const bullmq = '# HELP bullmq_job_count Number of jobs in the queue by state\n# TYPE bullmq_job_count gauge\n'
    + 'bullmq_job_count{queue="mail", state="waiting"} 5';
  const text = render([promClient, bullmq]);
  assert.strictEqual(text, promClient + bullmq + '\n');
  assert.ok(!text.includes('\n\n'));
});

test('the connection Secret URL: password, host, port and database', () => {
  const s = settings({ REDIS_URL: 'redis://:p%40ss@shop-redis:6380/2', REDIS_MODE: 'standalone' });
  assert.deepStrictEqual([s.host, s.port, s.password, s.db, s.prefix], ['shop-redis', 6380, 'p@ss', 2, '{bull}']);
});

test('Redis Cluster: the same hash-tagged prefix (keys keep their names through a move), database 0', () => {
  const s = settings({ REDIS_URL: 'redis://:pw@shop-redis-cluster:6379', REDIS_MODE: 'cluster' });
  assert.deepStrictEqual([s.cluster, s.prefix, s.db], [true, '{bull}', 0]);
});
