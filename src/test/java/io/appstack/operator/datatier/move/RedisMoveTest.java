package io.appstack.operator.datatier.move;

import static io.appstack.operator.datatier.RedisRealServerTest.DEFAULTS;
import static io.appstack.operator.datatier.RedisRealServerTest.FILL;
import static io.appstack.operator.datatier.RedisRealServerTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.datatier.RedisClusterScripts;
import io.appstack.operator.datatier.RedisConfig;
import io.appstack.operator.datatier.RedisRealServerTest;
import io.appstack.operator.testing.Processes;
import io.appstack.operator.testing.RedisServers.Server;
import io.appstack.operator.testing.RedisServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;

/**
 * The standalone → cluster move on real {@code redis-server}s, with app pods writing through all of it: every
 * write Redis acknowledged is in the cluster afterwards, exactly once.
 */
class RedisMoveTest {
  static final JedisClientConfig CLIENT = DefaultJedisClientConfig.builder().password(PASSWORD).build();
  static final int PODS = 5;
  static final int WRITES_PER_POD = 500;
  /** 40,000 more keys (sessions of 200 bytes), so that the copy takes a few seconds of the apps' writes. */
  static final String SESSIONS = """
      for i = 1, 40000 do redis.call('SET', 'session:' .. i, string.rep('s', 200)) end
      return redis.call('DBSIZE')
      """;

  @Test
  void noAcknowledgedWriteIsLostWhileAppsWriteThroughTheMoveAndTheirRoll() throws Exception {
    try (RedisServers servers = new RedisServers()) {
      Server standalone = standalone(servers);
      RedisServers.cli(standalone, "EVAL", FILL, "0").requireSuccess("fill");
      RedisServers.cli(standalone, "EVAL", SESSIONS, "0").requireSuccess("sessions");
      Map<String, String> filled = RedisRealServerTest.digest(List.of(standalone));
      List<Server> nodes = cluster(servers);
      AppWriters apps = new AppWriters();

      // Old pods write to the standalone from before the move until the roll replaces them.
      long begin = System.nanoTime();
      List<AppWriters.Pod> old = new java.util.ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        old.add(apps.start(i, "old", new Jedis(hostAndPort(standalone), CLIENT), WRITES_PER_POD));
      }
      Thread.sleep(1000);
      long ackedBeforeMove = apps.acknowledged.get();
      long moveStart = System.nanoTime();
      RedisMove.Report report;
      try (RedisMove move = new RedisMove(hostAndPort(standalone), hostAndPort(nodes.get(0)), PASSWORD,
          RedisMove.Settings.DEFAULTS)) {
        report = move.move();
      }
      double moveSeconds = (System.nanoTime() - moveStart) / 1e9;
      long ackedDuringMove = apps.acknowledged.get() - ackedBeforeMove;
      System.out.printf("move: %s; %.2f s; %d writes acknowledged during it (%.0f/s), %d refused so far%n",
          report, moveSeconds, ackedDuringMove, ackedDuringMove / moveSeconds, apps.refused.get());

      // The connection Secret switches: new pods start on the cluster; old ones keep writing until stopped.
      for (int i = 0; i < PODS; i++) {
        apps.start(i, "new", new JedisCluster(Set.of(hostAndPort(nodes.get(0))), CLIENT), WRITES_PER_POD);
      }
      for (AppWriters.Pod pod : old) {
        Thread.sleep(400);
        pod.close();
      }
      Thread.sleep(1000);
      apps.stopAll();
      double seconds = (System.nanoTime() - begin) / 1e9;

      try (RedisMove move = new RedisMove(hostAndPort(standalone), hostAndPort(nodes.get(0)), PASSWORD,
          RedisMove.Settings.DEFAULTS)) {
        assertThat(move.acceptedWritesSinceCutOver()).as("the standalone took no write after the cut-over").isEmpty();
      }
      assertThat(apps.acknowledged.get() / seconds).as("acknowledged writes per second").isGreaterThan(1000);
      assertThat(ackedDuringMove / moveSeconds).as("writes per second during the move").isGreaterThan(1000);
      assertThat(apps.refused.get()).as("old pods' writes after the cut-over are refused, not dropped").isPositive();
      assertThat(report.writePause()).isLessThan(RedisMove.Settings.DEFAULTS.pauseLimit());
      assertThat(report.copied()).isGreaterThanOrEqualTo(50_000);

      try (JedisCluster cluster = new JedisCluster(Set.of(hostAndPort(nodes.get(0))), CLIENT)) {
        apps.counters.forEach((key, acked) ->
            assertThat(cluster.get(key)).as("counter %s: every acknowledged INCR, once", key)
                .isEqualTo(String.valueOf(acked.get())));
        apps.lists.forEach((key, acked) ->
            assertThat(cluster.lrange(key, 0, -1)).as("list %s: complete and in order", key).isEqualTo(acked));
        apps.hashes.forEach((key, acked) ->
            assertThat(cluster.hgetAll(key)).as("hash %s", key).isEqualTo(acked));
        apps.scripted.forEach((key, acked) -> {
          assertThat(cluster.lrange(key, 0, -1)).as("scripted queue %s", key).isEqualTo(acked);
          assertThat(cluster.get(key.replace("queue:", "seq:"))).as("its sequence")
              .isEqualTo(String.valueOf(acked.size()));
        });
        for (String key : apps.expiring) {
          assertThat(cluster.pttl(key)).as("%s keeps its TTL", key).isPositive();
        }
        assertThat(apps.lists.values().stream().flatMap(List::stream).anyMatch(v -> v.startsWith("new")))
            .as("new pods wrote to the cluster").isTrue();
      }
      Map<String, String> after = RedisRealServerTest.digest(RedisRealServerTest.masters(nodes));
      assertThat(filled).allSatisfy((key, digest) -> assertThat(after).containsEntry(key, digest));
    }
  }

  @Test
  void aMoveThatStoppedAfterItsCutOverResumesAndAWriteAfterItIsCaught() {
    try (RedisServers servers = new RedisServers()) {
      Server standalone = standalone(servers);
      RedisServers.cli(standalone, "EVAL", FILL, "0").requireSuccess("fill");
      List<Server> nodes = cluster(servers);
      Map<String, String> env = Map.of("SOURCE", standalone.address(), "TARGET", nodes.get(0).address(),
          "REDISCLI_AUTH", PASSWORD);

      assertThat(main(RedisMoveMain.MOVE, env)).startsWith("0:").contains("moved 10000 keys");
      assertThat(RedisServers.cli(standalone, "SET", "late", "x").output()).contains("NOREPLICAS");
      // The Job ran again (its pod died before it could exit 0): the frozen standalone is copied again, exactly.
      RedisServers.cli(nodes.get(0), "-c", "DEL", "str:1").requireSuccess("lose a key");
      assertThat(main(RedisMoveMain.MOVE, env)).startsWith("0:").contains("resumed");
      assertThat(RedisRealServerTest.digest(RedisRealServerTest.masters(nodes)))
          .isEqualTo(RedisRealServerTest.digest(List.of(standalone)));
      assertThat(main(RedisMoveMain.VERIFY, env)).startsWith("0:").contains("took no write");

      // Someone lifts the refusal and writes: the standalone must not be stopped.
      RedisServers.cli(standalone, "CONFIG", "SET", RedisMove.REFUSE, "0").requireSuccess("lift");
      RedisServers.cli(standalone, "SET", "late", "x").requireSuccess("write");
      assertThat(main(RedisMoveMain.VERIFY, env)).startsWith("1:").contains("set=1");
      assertThat(RedisServers.cli(standalone, "SET", "later", "y").output()).as("refusing again")
          .contains("NOREPLICAS");
    }
  }

  @Test
  void keysOutsideDbZeroStopTheMoveAndTheStandaloneServesOn() {
    try (RedisServers servers = new RedisServers()) {
      Server standalone = standalone(servers);
      RedisServers.cli(standalone, "-n", "3", "SET", "elsewhere", "1").requireSuccess("db 3");
      List<Server> nodes = cluster(servers);
      try (RedisMove move = new RedisMove(hostAndPort(standalone), hostAndPort(nodes.get(0)), PASSWORD,
          RedisMove.Settings.DEFAULTS)) {
        assertThatThrownBy(move::move).isInstanceOf(MoveFailed.class).hasMessageContaining("db3");
      }
      RedisServers.cli(standalone, "SET", "still", "writable").requireSuccess("the standalone serves");
    }
  }

  @Test
  void anUnformedClusterStopsTheMoveBeforeAnythingChanges() {
    try (RedisServers servers = new RedisServers()) {
      Server standalone = standalone(servers);
      RedisServers.cli(standalone, "SET", "a", "1").requireSuccess("set");
      List<Server> nodes = RedisRealServerTest.startCluster(servers, 1);
      Map<String, String> env = Map.of("SOURCE", standalone.address(), "TARGET", nodes.get(0).address(),
          "REDISCLI_AUTH", PASSWORD);
      assertThat(main(RedisMoveMain.MOVE, env)).startsWith("1:").contains("the standalone serves");
      RedisServers.cli(standalone, "SET", "b", "2").requireSuccess("the standalone serves");
      try (Jedis jedis = new Jedis(hostAndPort(standalone), CLIENT)) {
        assertThat(jedis.configGet("notify-keyspace-events")).containsEntry("notify-keyspace-events", "");
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  static Server standalone(RedisServers servers) {
    RedisConfig.Node node = servers.node(false, DEFAULTS.maxmemory(), DEFAULTS.maxmemoryPolicy());
    return servers.start(node, RedisConfig.standalone(node, PASSWORD), PASSWORD);
  }

  /** Three masters, formed by the operator's bootstrap script. */
  static List<Server> cluster(RedisServers servers) {
    List<Server> nodes = RedisRealServerTest.startCluster(servers, 3);
    Processes.shell(RedisClusterScripts.create(RedisRealServerTest.addresses(nodes), 0),
        RedisRealServerTest.auth(), 180).requireSuccess("create");
    return nodes;
  }

  static HostAndPort hostAndPort(Server server) {
    return new HostAndPort("127.0.0.1", server.port());
  }

  /** Runs the Job's entry point; returns "exit code: output". */
  static String main(String mode, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = RedisMoveMain.run(mode, env, stream, stream);
    return code + ": " + out.toString(StandardCharsets.UTF_8);
  }

}
