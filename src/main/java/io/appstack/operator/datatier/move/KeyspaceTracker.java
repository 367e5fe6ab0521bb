package io.appstack.operator.datatier.move;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * The keys a Redis server changed since the tracker started, from its keyspace notifications (every write,
 * expiry and eviction of a key in db 0 publishes its name). Pub/sub is at-most-once, so a tracker whose
 * connection drops is broken for good: {@link #check()} then throws and the move starts over.
 *
 * <p>A {@link #barrier} proves every notification of a write the server ran before it has arrived: a PING on
 * the subscribed connection is answered after everything already queued on that connection.
 */
public final class KeyspaceTracker implements AutoCloseable {
  /** Every keyspace event: generic, string, list, set, hash, zset, expired, evicted, stream, key-miss excluded. */
  static final String EVENTS = "KA";
  private static final byte[] PATTERN = "__keyspace@0__:*".getBytes(StandardCharsets.US_ASCII);
  private static final int PREFIX = PATTERN.length - 1;

  private final Set<ByteBuffer> dirty = ConcurrentHashMap.newKeySet();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Semaphore pongs = new Semaphore(0);
  private final Jedis connection;
  private final Thread thread;
  private volatile boolean closing;
  private volatile RuntimeException broken;

  private final BinaryJedisPubSub subscriber = new BinaryJedisPubSub() {
    @Override
    public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
      byte[] key = new byte[channel.length - PREFIX];
      System.arraycopy(channel, PREFIX, key, 0, key.length);
      dirty.add(ByteBuffer.wrap(key));
    }

    @Override
    public void onPSubscribe(byte[] pattern, int count) {
      subscribed.countDown();
    }

    @Override
    public void onPong(byte[] pattern) {
      pongs.release();
    }
  };

  private KeyspaceTracker(Jedis connection) {
    this.connection = connection;
    this.thread = new Thread(this::listen, "redis-keyspace-tracker");
    this.thread.setDaemon(true);
  }

  /** Subscribes on {@code connection} (its own, used for nothing else) and returns once notifications flow. */
  static KeyspaceTracker start(Jedis connection, Duration timeout) {
    KeyspaceTracker tracker = new KeyspaceTracker(connection);
    tracker.thread.start();
    try {
      tracker.await(tracker.subscribed, timeout, "subscribe to keyspace notifications");
    } catch (RuntimeException e) {
      tracker.close();
      throw e;
    }
    return tracker;
  }

  private void listen() {
    try {
      connection.psubscribe(subscriber, PATTERN);
      if (!closing) {
        broken = new MoveFailed("the keyspace notification subscription ended; changed keys may be missed");
      }
    } catch (RuntimeException e) {
      if (!closing) {
        broken = new MoveFailed("the keyspace notification connection failed (" + e.getMessage()
            + "); changed keys may be missed");
      }
    } finally {
      subscribed.countDown();
    }
  }

  /** Waits until every notification of a write the server ran before this call has been recorded. */
  void barrier(Duration timeout) {
    check();
    subscriber.ping();
    try {
      if (!pongs.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new MoveFailed("the keyspace notification connection did not answer PING within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MoveFailed("interrupted");
    }
    check();
  }

  /** The keys changed since the last drain, removed from the set: a change after this call is recorded anew. */
  List<ByteBuffer> drain() {
    check();
    List<ByteBuffer> keys = new ArrayList<>();
    for (ByteBuffer key : dirty) {
      if (dirty.remove(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Throws if a notification may have been missed. */
  void check() {
    if (broken != null) {
      throw broken;
    }
  }

  private void await(CountDownLatch latch, Duration timeout, String what) {
    try {
      if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new MoveFailed("could not " + what + " within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MoveFailed("interrupted");
    }
    check();
  }

  @Override
  public void close() {
    closing = true;
    try {
      if (subscriber.isSubscribed()) {
        subscriber.punsubscribe();
      }
    } catch (RuntimeException e) {
      // the connection is closed next either way
    }
    connection.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
