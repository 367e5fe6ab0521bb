package io.appstack.operator.datatier.move;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.commands.JedisCommands;

/**
 * App pods writing to Redis the way a queue app does, and a ledger of every write Redis acknowledged: INCR on
 * shared counters, RPUSH onto each pod's job list, HSET of new fields, SET with a TTL, and a Lua script that
 * adds a job as BullMQ does (a sequence INCR and an RPUSH, atomically). A write that fails is not in the ledger. Each pod writes at a fixed pace from its own thread until stopped.
 */
final class AppWriters {
  final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  /** Per job list, the values acknowledged, in the order they were acknowledged. */
  final Map<String, List<String>> lists = new ConcurrentHashMap<>();
  /** hash key → field → value. */
  final Map<String, Map<String, String>> hashes = new ConcurrentHashMap<>();
  final List<String> expiring = new CopyOnWriteArrayList<>();
  /** Per pod slot, the jobs the script added (its sequence counter must equal their number). */
  final Map<String, List<String>> scripted = new ConcurrentHashMap<>();
  static final String ADD_JOB = "redis.call('INCR', KEYS[1]); return redis.call('RPUSH', KEYS[2], ARGV[1])";
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  private final List<Pod> pods = new ArrayList<>();

  /** One app pod: {@code generation} tells old pods (standalone) from new ones (cluster) in keys and values. */
  final class Pod implements AutoCloseable {
    private final Thread thread;
    private final JedisCommands connection;
    private volatile boolean stopped;

    private Pod(int slot, String generation, JedisCommands redis, int writesPerSecond) {
      this.connection = redis;
      long period = 1_000_000_000L / writesPerSecond;
      String list = "jobs:{w" + slot + "}";
      lists.putIfAbsent(list, new CopyOnWriteArrayList<>());
      String queue = "queue:{w" + slot + "}";
      scripted.putIfAbsent(queue, new CopyOnWriteArrayList<>());
      this.thread = new Thread(() -> {
        long next = System.nanoTime();
        for (long n = 0; !stopped; n++) {
          String id = generation + "-" + slot + "-" + n;
          try {
            switch ((int) (n % 5)) {
              case 0 -> {
                String counter = "counter:" + (n / 5 % 10);
                redis.incr(counter);
                counters.computeIfAbsent(counter, c -> new AtomicLong()).incrementAndGet();
              }
              case 1 -> {
                redis.rpush(list, id);
                lists.get(list).add(id);
              }
              case 2 -> {
                String hash = "hash:" + generation + ":" + slot + ":" + (n % 50);
                redis.hset(hash, "f" + n, id);
                hashes.computeIfAbsent(hash, h -> new ConcurrentHashMap<>()).put("f" + n, id);
              }
              case 3 -> {
                redis.eval(ADD_JOB, List.of("seq:{w" + slot + "}", queue), List.of(id));
                scripted.get(queue).add(id);
              }
              default -> {
                redis.setex("ttl:" + id, 3600, id);
                expiring.add("ttl:" + id);
              }
            }
            acknowledged.incrementAndGet();
          } catch (RuntimeException e) {
            refused.incrementAndGet(); // not acknowledged: the app sees an error, nothing is promised
          }
          next += period;
          LockSupport.parkNanos(next - System.nanoTime());
        }
      }, "app-" + generation + "-" + slot);
      thread.start();
    }

    @Override
    public void close() {
      stopped = true;
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (connection instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // stopping anyway
        }
      }
    }
  }

  Pod start(int slot, String generation, JedisCommands redis, int writesPerSecond) {
    Pod pod = new Pod(slot, generation, redis, writesPerSecond);
    pods.add(pod);
    return pod;
  }

  void stopAll() {
    pods.forEach(Pod::close);
  }
}
