package io.appstack.operator.datatier.move;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.params.CommandListFilterByParams;

/**
 * Moves a standalone Redis's data into a Redis Cluster without losing an acknowledged write, while the apps
 * keep writing to the standalone.
 *
 * <ol>
 *   <li>The changed keys are tracked from before the first copy (keyspace notifications, {@link KeyspaceTracker}).
 *   <li>Every key is copied, then the changed ones again, in rounds, while the apps write on.
 *   <li>Cut-over: writes to the standalone wait ({@code CLIENT PAUSE WRITE}, which also stops expiry); once every
 *       notification is in, the last changed keys are copied and checked, and the standalone is made to refuse
 *       writes for good ({@code min-replicas-to-write 1} with no replica: a write gets {@code NOREPLICAS}, never an
 *       acknowledgement). Then the pause ends: the writes that waited are refused. The apps then move to the
 *       cluster on the connection Secret; an old pod's write fails until it is replaced, and none is dropped.
 *   <li>Before the standalone is stopped, {@link #acceptedWritesSinceCutOver()} proves it took no write since.
 * </ol>
 *
 * <p>Both the standalone's writes and the new pods' writes cannot be merged afterwards (an INCR on each side has
 * no lossless merge), which is why the standalone refuses rather than takes writes for a later catch-up. Until
 * the refusal the cluster serves nobody, so a failed attempt is simply started again from an empty cluster.
 */
public final class RedisMove implements AutoCloseable {
  static final String REFUSE = "min-replicas-to-write";

  /**
   * @param pauseLimit the longest writes may wait at the cut-over; the move gives up (and retries) rather than exceed it
   * @param catchUpRounds copy rounds of changed keys before the cut-over, at most
   * @param smallEnough changed keys few enough to copy during the pause
   * @param sample keys compared at random during the pause, besides the last changed ones and the key counts
   */
  public record Settings(Duration pauseLimit, int catchUpRounds, int smallEnough, int sample, Duration timeout) {
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(20), 20, 1000, 1000,
        Duration.ofSeconds(10));
  }

  /**
   * What a move did.
   *
   * @param copied keys in the first full copy
   * @param recopied changed keys copied again before the cut-over
   * @param rounds catch-up rounds
   * @param atCutOver changed keys copied during the pause
   * @param keys keys the standalone holds at the cut-over (the cluster holds the same)
   * @param writePause how long writes to the standalone waited
   * @param resumed the standalone already refused writes: an earlier attempt had finished the cut-over
   */
  public record Report(long copied, long recopied, int rounds, long atCutOver, long keys, Duration writePause,
      boolean resumed) {
  }

  private final Settings settings;
  private final JedisClientConfig client;
  private final Jedis standalone;
  private final HostAndPort standaloneAddress;
  private final JedisCluster cluster;
  private final HostAndPort seed;

  public RedisMove(HostAndPort standalone, HostAndPort clusterSeed, String password, Settings settings) {
    this.settings = settings;
    this.client = DefaultJedisClientConfig.builder().password(password).clientName("appstack-redis-move")
        .timeoutMillis((int) settings.timeout().toMillis()).build();
    this.standaloneAddress = standalone;
    this.standalone = new Jedis(standalone, client);
    this.seed = clusterSeed;
    this.cluster = new JedisCluster(Set.of(clusterSeed), client);
  }

  /** Moves the data and leaves the standalone refusing writes; throws {@link MoveFailed} with it serving. */
  public Report move() {
    requireOnlyDbZero();
    if (refusing()) {
      return resume();
    }
    String events = standalone.configGet("notify-keyspace-events").values().stream().findFirst().orElse("");
    // The cluster serves nobody before the cut-over: each attempt builds its copy from empty.
    eachMaster(Jedis::flushAll);
    standalone.configSet("notify-keyspace-events", events + KeyspaceTracker.EVENTS);
    RedisKeyCopier copier = new RedisKeyCopier(standalone, cluster);
    try (KeyspaceTracker tracker = KeyspaceTracker.start(new Jedis(standaloneAddress, client), settings.timeout())) {
      long copied = copier.copyAll();
      long recopied = 0;
      int rounds = 0;
      List<ByteBuffer> changed = tracker.drain();
      while (changed.size() > settings.smallEnough() && rounds < settings.catchUpRounds()) {
        recopied += copier.copy(changed);
        rounds++;
        changed = tracker.drain();
      }
      recopied += copier.copy(changed);
      return cutOver(tracker, copier, copied, recopied, rounds);
    } finally {
      restoreEvents(events);
    }
  }

  /** The standalone's own notification setting back (best effort: a failure here must not hide the move's). */
  private void restoreEvents(String events) {
    try (Jedis fresh = new Jedis(standaloneAddress, client)) {
      fresh.configSet("notify-keyspace-events", events);
    } catch (RuntimeException e) {
      System.err.println("could not restore notify-keyspace-events to '" + events + "': " + e.getMessage());
    }
  }

  private Report cutOver(KeyspaceTracker tracker, RedisKeyCopier copier, long copied, long recopied, int rounds) {
    long start = System.nanoTime();
    standalone.clientPause(settings.pauseLimit().toMillis(), ClientPauseMode.WRITE);
    boolean refused = false;
    try {
      tracker.barrier(settings.timeout());
      List<ByteBuffer> last = tracker.drain();
      copier.copy(last);
      long keys = verify(copier, last);
      if (Duration.ofNanos(System.nanoTime() - start).compareTo(settings.pauseLimit().multipliedBy(4).dividedBy(5)) > 0) {
        throw new MoveFailed("the cut-over took longer than 80% of the " + settings.pauseLimit()
            + " pause; writes may have resumed");
      }
      standalone.configSet(REFUSE, "1");
      refused = true;
      standalone.configResetStat();
      // Nothing may have been written since the pause began: had it lapsed, the tracker would show it.
      tracker.barrier(settings.timeout());
      List<ByteBuffer> late = tracker.drain();
      if (!late.isEmpty()) {
        throw new MoveFailed(late.size() + " keys changed during the cut-over (first: "
            + RedisKeyCopier.printable(late.get(0)) + "); the pause did not hold");
      }
      standalone.clientUnpause();
      return new Report(copied, recopied, rounds, last.size(), keys, Duration.ofNanos(System.nanoTime() - start),
          false);
    } catch (RuntimeException | Error e) {
      undoCutOver(refused, e);
      throw e;
    }
  }

  /**
   * Lets the standalone serve again after a failed cut-over: the refusal lifted (if set), the pause ended. On a new
   * connection, since the failure may have been the old one's; each step on its own, their errors kept with {@code e}.
   */
  private void undoCutOver(boolean refused, Throwable e) {
    try (Jedis fresh = new Jedis(standaloneAddress, client)) {
      if (refused) {
        try {
          fresh.configSet(REFUSE, "0");
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      try {
        fresh.clientUnpause();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
    } catch (RuntimeException connect) {
      e.addSuppressed(connect);
    }
  }

  /**
   * An earlier attempt finished the cut-over and stopped before it could say so: the standalone has refused
   * every write since, so a full copy is exact.
   */
  private Report resume() {
    RedisKeyCopier copier = new RedisKeyCopier(standalone, cluster);
    try {
      long copied = copier.copyAll();
      List<String> extra = new ArrayList<>();
      eachMaster(master -> RedisKeyCopier.scan(master, keys -> keys.stream()
          .filter(k -> !standalone.exists(RedisKeyCopier.bytes(k))).forEach(k -> {
            cluster.del(RedisKeyCopier.bytes(k));
            extra.add(RedisKeyCopier.printable(k));
          })));
      long keys = verify(copier, List.of());
      return new Report(copied, 0, 0, extra.size(), keys, Duration.ZERO, true);
    } catch (RuntimeException | Error e) {
      undoCutOver(true, e);
      throw e;
    }
  }

  /** The last changed keys equal, a sample equal, the same number of keys; returns that number. */
  private long verify(RedisKeyCopier copier, List<ByteBuffer> last) {
    for (ByteBuffer key : last) {
      if (!copier.same(key)) {
        throw new MoveFailed("key " + RedisKeyCopier.printable(key) + " differs in the cluster after its copy");
      }
    }
    long keys = standalone.dbSize();
    for (int i = 0; i < Math.min(keys, settings.sample()); i++) {
      byte[] key = standalone.randomBinaryKey();
      if (key != null && !copier.same(ByteBuffer.wrap(key))) {
        throw new MoveFailed("key " + RedisKeyCopier.printable(ByteBuffer.wrap(key)) + " differs in the cluster");
      }
    }
    long[] inCluster = {0};
    eachMaster(master -> inCluster[0] += master.dbSize());
    if (inCluster[0] != keys) {
      List<String> missing = new ArrayList<>();
      RedisKeyCopier.scan(standalone, batch -> batch.stream()
          .filter(k -> !cluster.exists(RedisKeyCopier.bytes(k)) && standalone.exists(RedisKeyCopier.bytes(k)))
          .forEach(k -> missing.add(RedisKeyCopier.printable(k))));
      List<String> extra = new ArrayList<>();
      eachMaster(master -> RedisKeyCopier.scan(master, batch -> batch.stream()
          .filter(k -> !standalone.exists(RedisKeyCopier.bytes(k)) && master.exists(RedisKeyCopier.bytes(k)))
          .forEach(k -> extra.add(RedisKeyCopier.printable(k)))));
      if (!missing.isEmpty() || !extra.isEmpty()) {
        throw new MoveFailed("the standalone holds " + keys + " keys, the cluster " + inCluster[0] + "; missing "
            + first(missing) + ", extra " + first(extra));
      }
    }
    return keys;
  }

  /**
   * Writes the standalone ran since the cut-over, by command (empty: none). Also sets the refusal again, in case
   * the standalone restarted since: its counters restart with it, so writes before a restart were refused and
   * writes after it are counted.
   */
  public Map<String, Long> acceptedWritesSinceCutOver() {
    standalone.configSet(REFUSE, "1");
    Set<String> writeCommands = new HashSet<>(standalone.commandListFilterBy(
        CommandListFilterByParams.commandListFilterByParams().filterByAclCat("write")));
    Map<String, Long> writes = new TreeMap<>();
    for (String line : standalone.info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_") || !line.contains(":")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      String base = name.contains("|") ? name.substring(0, name.indexOf('|')) : name;
      if (!writeCommands.contains(name) && !writeCommands.contains(base)) {
        continue;
      }
      Map<String, Long> stats = new TreeMap<>();
      for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
        String[] kv = field.split("=", 2);
        if (kv.length == 2 && kv[1].matches("\\d+")) {
          stats.put(kv[0], Long.parseLong(kv[1]));
        }
      }
      long done = stats.getOrDefault("calls", 0L) - stats.getOrDefault("failed_calls", 0L);
      if (done > 0) {
        writes.put(name, done);
      }
    }
    return writes;
  }

  private boolean refusing() {
    return standalone.configGet(REFUSE).values().stream().anyMatch(v -> !"0".equals(v));
  }

  private void requireOnlyDbZero() {
    for (String line : standalone.info("keyspace").split("\r?\n")) {
      if (line.startsWith("db") && !line.startsWith("db0:")) {
        throw new MoveFailed("the standalone holds keys in " + line.substring(0, line.indexOf(':'))
            + ": Redis Cluster has only db 0. Move them to db 0 (or delete them), then retry");
      }
    }
  }

  /** Runs {@code action} on a connection to each master of the cluster. */
  private void eachMaster(Consumer<Jedis> action) {
    List<HostAndPort> masters = new ArrayList<>();
    try (Jedis node = new Jedis(seed, client)) {
      for (String line : node.clusterNodes().split("\n")) {
        String[] f = line.trim().split(" ");
        if (f.length > 2 && f[2].contains("master") && !f[2].contains("fail")) {
          masters.add(HostAndPort.from(f[1].split("@")[0]));
        }
      }
    }
    if (masters.isEmpty()) {
      throw new MoveFailed("the cluster at " + seed + " lists no master");
    }
    for (HostAndPort master : masters) {
      try (Jedis node = new Jedis(master, client)) {
        action.accept(node);
      }
    }
  }

  private static String first(List<String> keys) {
    return keys.isEmpty() ? "none" : keys.size() + " (first: " + keys.get(0) + ")";
  }

  @Override
  public void close() {
    standalone.close();
    cluster.close();
  }
}
