package io.appstack.operator.datatier;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.testing.Processes;
import io.appstack.operator.testing.RedisServers.Server;
import io.appstack.operator.testing.RedisServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The generated Redis configuration and the cluster Jobs' scripts, run by the real {@code redis-server}
 * and {@code redis-cli} from Debian on loopback ports. A missing binary fails the test.
 */
public class RedisRealServerTest {
  public static final String PASSWORD = "Gen3ratedPassw0rdForTests0123456";
  public static final RedisSpec DEFAULTS = new RedisSpec(null, null, null, null, null, null, null);

  @Test
  void generatedStandaloneConfigRunsWithAuthAndMaxmemory() {
    try (RedisServers servers = new RedisServers()) {
      RedisConfig.Node node = servers.node(false, "128mb", "allkeys-lfu");
      Server server = servers.start(node, RedisConfig.standalone(node, PASSWORD), PASSWORD);

      assertThat(RedisServers.anonymous(server, "GET", "x").output()).contains("NOAUTH");
      assertThat(RedisServers.cli(server, "SET", "greeting", "hello").output().trim()).isEqualTo("OK");
      assertThat(RedisServers.cli(server, "GET", "greeting").output().trim()).isEqualTo("hello");
      assertThat(config(server, "maxmemory")).isEqualTo(String.valueOf(128L * 1024 * 1024));
      assertThat(config(server, "maxmemory-policy")).isEqualTo("allkeys-lfu");
      assertThat(config(server, "appendonly")).isEqualTo("yes");
      assertThat(config(server, "protected-mode")).isEqualTo("yes");
      assertThat(config(server, "requirepass")).isEqualTo(PASSWORD);
    }
  }

  /**
   * The default policy is queue-safe: a full Redis refuses the next write (the producer sees the error and can
   * retry) and keeps every queued job, where an allkeys-* policy silently evicts them.
   */
  @Test
  void aMovedStandaloneRefusesWritesFromItsConfigurationAloneSoAlsoAfterARestart() {
    try (RedisServers servers = new RedisServers()) {
      RedisConfig.Node node = servers.node(false, "128mb", "noeviction");
      Server server = servers.start(node, RedisConfig.standalone(node, PASSWORD, true), PASSWORD);
      assertThat(RedisServers.cli(server, "SET", "late", "x").output()).contains("NOREPLICAS");
      assertThat(RedisServers.cli(server, "GET", "anything").output()).doesNotContain("NOREPLICAS");
      assertThat(RedisConfig.standalone(node, PASSWORD, false)).doesNotContain(RedisConfig.REFUSE_WRITES);
    }
  }

  @Test
  void byDefaultAFullRedisRefusesWritesAndKeepsEveryQueuedJob() {
    try (RedisServers servers = new RedisServers()) {
      RedisConfig.Node node = servers.node(false, "2mb", DEFAULTS.maxmemoryPolicy());
      Server server = servers.start(node, RedisConfig.standalone(node, PASSWORD), PASSWORD);
      assertThat(config(server, "maxmemory-policy")).isEqualTo("noeviction");
      String payload = "x".repeat(1000);
      int pushed = 0;
      String refused = null;
      while (pushed < 10_000) {
        String out = RedisServers.cli(server, "RPUSH", "bull:emails:wait", pushed + ":" + payload).output();
        if (out.contains("OOM")) {
          refused = out;
          break;
        }
        pushed++;
      }
      assertThat(refused).as("a write is refused once full").contains("OOM command not allowed");
      assertThat(RedisServers.cli(server, "LLEN", "bull:emails:wait").output().trim())
          .as("every acknowledged job is still queued").isEqualTo(String.valueOf(pushed));
      assertThat(RedisServers.cli(server, "LINDEX", "bull:emails:wait", "0").output()).startsWith("0:");
    }
  }

  @Test
  void bootstrapScriptFormsAThreeShardClusterAndIsSafeToRunTwice() {
    try (RedisServers servers = new RedisServers()) {
      List<Server> nodes = startCluster(servers, 6);
      String script = RedisClusterScripts.create(addresses(nodes), 1);

      Processes.Result first = Processes.shell(script, auth(), 180).requireSuccess("cluster create");
      assertThat(first.output()).contains("cluster created");
      assertThat(clusterInfo(nodes.get(0))).containsEntry("cluster_state", "ok")
          .containsEntry("cluster_slots_assigned", "16384")
          .containsEntry("cluster_known_nodes", "6")
          .containsEntry("cluster_size", "3");
      assertThat(roles(nodes)).containsEntry("master", 3).containsEntry("slave", 3);

      Processes.Result second = Processes.shell(script, auth(), 60).requireSuccess("second cluster create");
      assertThat(second.output()).contains("cluster already created");
      assertThat(clusterInfo(nodes.get(3))).containsEntry("cluster_state", "ok");

      // Keys land on every shard and are readable through any node.
      for (int i = 0; i < 30; i++) {
        RedisServers.cli(nodes.get(i % 6), "-c", "SET", "k" + i, "v" + i).requireSuccess("set");
      }
      assertThat(RedisServers.cli(nodes.get(5), "-c", "GET", "k17").output().trim()).isEqualTo("v17");
    }
  }

  @Test
  void growScriptAddsAShardAndRebalances() {
    try (RedisServers servers = new RedisServers()) {
      List<Server> nodes = startCluster(servers, 8);
      List<String> all = addresses(nodes);
      Processes.shell(RedisClusterScripts.create(all.subList(0, 6), 1), auth(), 180).requireSuccess("create");
      for (int i = 0; i < 500; i++) {
        RedisServers.cli(nodes.get(0), "-c", "SET", "g" + i, "x").requireSuccess("set");
      }
      String grow = RedisClusterScripts.grow(all.get(0), all.subList(6, 7), all.subList(7, 8), 1);

      Processes.shell(grow, auth(), 300).requireSuccess("grow");
      Processes.shell(grow, auth(), 120).requireSuccess("grow again");

      assertThat(clusterInfo(nodes.get(0))).containsEntry("cluster_state", "ok")
          .containsEntry("cluster_known_nodes", "8").containsEntry("cluster_size", "4");
      assertThat(roles(nodes)).containsEntry("master", 4).containsEntry("slave", 4);
      assertThat(ownedSlots(nodes.get(6))).as("slots moved to the new master").isGreaterThan(3000);
      assertThat(totalKeys(nodes)).isEqualTo(500);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** 2,000 keys each of strings, hashes, lists, sets and sorted sets. */
  public static final String FILL = """
      for i = 1, 2000 do
        redis.call('SET', 'str:' .. i, 'value-' .. i)
        redis.call('HSET', 'hash:' .. i, 'a', i, 'b', 'x' .. i, 'c', tostring(i * 3))
        redis.call('RPUSH', 'list:' .. i, 'l1', 'l2-' .. i, 'l3', i)
        redis.call('SADD', 'set:' .. i, 'm1', 'm2', 'm-' .. i)
        redis.call('ZADD', 'zset:' .. i, 1, 'z1', i, 'z-' .. i, 0.5, 'half')
      end
      return redis.call('DBSIZE')
      """;

  /** Per key on this node: type and a digest of its full content (order-independent for hashes and sets). */
  public static final String DIGEST = """
      local out = {}
      local cursor = '0'
      repeat
        local r = redis.call('SCAN', cursor, 'COUNT', 1000)
        cursor = r[1]
        for _, k in ipairs(r[2]) do
          local t = redis.call('TYPE', k)['ok']
          local v
          if t == 'string' then v = redis.call('GET', k)
          elseif t == 'hash' then
            local h = redis.call('HGETALL', k); local p = {}
            for j = 1, #h, 2 do table.insert(p, h[j] .. '=' .. h[j + 1]) end
            table.sort(p); v = table.concat(p, ',')
          elseif t == 'list' then v = table.concat(redis.call('LRANGE', k, 0, -1), ',')
          elseif t == 'set' then local m = redis.call('SMEMBERS', k); table.sort(m); v = table.concat(m, ',')
          elseif t == 'zset' then v = table.concat(redis.call('ZRANGE', k, 0, -1, 'WITHSCORES'), ',')
          else v = '?' end
          table.insert(out, k .. ' ' .. t .. ':' .. redis.sha1hex(v))
        end
      until cursor == '0'
      return out
      """;

  public static Map<String, String> digest(List<Server> servers) {
    Map<String, String> keys = new TreeMap<>();
    for (Server server : servers) {
      String output = RedisServers.cli(server, "EVAL", DIGEST, "0").requireSuccess("digest").output();
      for (String line : output.split("\n")) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split(" ", 2);
          assertThat(keys.put(parts[0], parts[1])).as("key %s on one node only", parts[0]).isNull();
        }
      }
    }
    return keys;
  }

  public static List<Server> startCluster(RedisServers servers, int count) {
    List<Server> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RedisConfig.Node node = servers.node(true, DEFAULTS.maxmemory(), DEFAULTS.maxmemoryPolicy());
      nodes.add(servers.start(node, RedisConfig.clusterNode(node, PASSWORD), PASSWORD));
    }
    return nodes;
  }

  public static List<String> addresses(List<Server> nodes) {
    return nodes.stream().map(Server::address).toList();
  }

  public static Map<String, String> auth() {
    return Map.of("REDISCLI_AUTH", PASSWORD);
  }

  public static String config(Server server, String key) {
    String[] lines = RedisServers.cli(server, "CONFIG", "GET", key).output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  public static Map<String, String> clusterInfo(Server server) {
    Map<String, String> info = new TreeMap<>();
    for (String line : RedisServers.cli(server, "CLUSTER", "INFO").output().split("\n")) {
      String[] kv = line.trim().split(":", 2);
      if (kv.length == 2) {
        info.put(kv[0], kv[1]);
      }
    }
    return info;
  }

  public static Map<String, Integer> roles(List<Server> nodes) {
    Map<String, Integer> roles = new TreeMap<>();
    for (Server node : nodes) {
      String role = RedisServers.cli(node, "ROLE").output().split("\n")[0].trim();
      roles.merge(role, 1, Integer::sum);
    }
    return roles;
  }

  public static List<Server> masters(List<Server> nodes) {
    return nodes.stream().filter(n -> RedisServers.cli(n, "ROLE").output().startsWith("master")).toList();
  }

  public static int ownedSlots(Server node) {
    String myself = RedisServers.cli(node, "CLUSTER", "MYID").output().trim();
    int slots = 0;
    for (String line : RedisServers.cli(node, "CLUSTER", "NODES").output().split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length > 8 && f[0].equals(myself)) {
        for (int i = 8; i < f.length; i++) {
          String[] range = f[i].split("-");
          slots += range.length == 2 ? Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1 : 1;
        }
      }
    }
    return slots;
  }

  public static int totalKeys(List<Server> nodes) {
    return masters(nodes).stream().mapToInt(n -> Integer.parseInt(RedisServers.cli(n, "DBSIZE").output().trim()))
        .sum();
  }
}
