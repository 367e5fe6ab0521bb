package io.appstack.operator.datatier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.data.PgBouncerSpec;
import io.appstack.operator.api.data.PoolMode;
import io.appstack.operator.api.data.Toggle;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import io.appstack.operator.testing.PostgresServers.Instance;
import io.appstack.operator.testing.PostgresServers;
import io.appstack.operator.testing.Processes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The generated PostgreSQL init script, pgbouncer.ini/userlist.txt and standby bootstrap, run by the
 * real Debian PostgreSQL 15 and PgBouncer on loopback. A missing binary fails the test.
 */
class PostgresRealServerTest {
  static final int MAX_CONNECTIONS = 100;
  static final String APP_PASSWORD = "AppPassw0rdGeneratedForTheTest12";
  static final String REPLICATION_PASSWORD = "Repl1cationPassw0rdForTheTest123";
  static final String DATABASE = "app";

  @Test
  void pgbouncerWithGeneratedConfigPoolsConnectionsToARealPrimary() throws Exception {
    try (PostgresServers servers = new PostgresServers()) {
      Instance primary = startPrimary(servers);

      PgBouncerSpec spec = new PgBouncerSpec(Toggle.Enabled, PoolMode.TRANSACTION, 200, 15, 4, 2, null,
          0 /* the Debian pgbouncer here is 1.18, before max_prepared_statements */);
      Path dir = servers.ownedDir("pgbouncer-");
      int port = Processes.freePort();
      PgBouncerConfig.Settings settings = PgBouncerConfig.fromSpec(spec, DATABASE,
          new PgBouncerConfig.Server("127.0.0.1", primary.port()), null, PostgresScripts.APP_USER, "127.0.0.1", port,
          dir.resolve("userlist.txt").toString());
      PostgresServers.writeOwned(dir.resolve("userlist.txt"), PgBouncerConfig.userlist(PostgresScripts.APP_USER,
          APP_PASSWORD, settings.authType()));
      Path ini = PostgresServers.writeOwned(dir.resolve("pgbouncer.ini"), PgBouncerConfig.ini(settings));
      servers.startPgBouncer(ini, port);

      // The app's view: the generated credentials through PgBouncer, several transactions.
      Properties props = new Properties();
      props.setProperty("user", PostgresScripts.APP_USER);
      props.setProperty("password", APP_PASSWORD);
      props.setProperty("prepareThreshold", "0"); // transaction pooling: no server-side prepared statements
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, props);
           Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id serial PRIMARY KEY, status text NOT NULL)");
        for (int i = 0; i < 20; i++) {
          s.execute("INSERT INTO orders (status) VALUES ('new')");
        }
        try (ResultSet r = s.executeQuery("SELECT count(*), current_user FROM orders")) {
          r.next();
          assertThat(r.getInt(1)).isEqualTo(20);
          assertThat(r.getString(2)).isEqualTo(PostgresScripts.APP_USER);
        }
      }
      // A wrong password is refused by PgBouncer.
      props.setProperty("password", "wrong");
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
          DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, props).close())
          .hasMessageContaining("authentication failed");

      // PgBouncer enforces the limits the connection budget computed from the same spec.
      ConnectionBudget budget = new ConnectionBudget(3, 5, 10, true, spec.replicas(), spec.maxClientConn(),
          spec.defaultPoolSize(), spec.reservePoolSize(), MAX_CONNECTIONS);
      assertThat(budget.evaluate().holds()).isTrue();
      Map<String, String> config = console(port, "SHOW CONFIG", 0, 1);
      assertThat(config).containsEntry("max_client_conn", "200").containsEntry("default_pool_size", "15")
          .containsEntry("reserve_pool_size", "4").containsEntry("pool_mode", "transaction")
          .containsEntry("max_db_connections", String.valueOf(settings.serverConnectionsPerDatabase()))
          .containsEntry("auth_type", "scram-sha-256");
      assertThat(budget.serverConnections()).isEqualTo(spec.replicas() * settings.serverConnectionsPerDatabase());
      Map<String, String> pools = console(port, "SHOW POOLS", 0, 1); // database -> user
      assertThat(pools).containsEntry(DATABASE, PostgresScripts.APP_USER);
      String databases = Processes.run(List.of(PostgresServers.PSQL.toString(), "--no-psqlrc", "-tA", "-F", "|",
          "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", PostgresScripts.APP_USER, "-d", "pgbouncer",
          "-c", "SHOW DATABASES"), Map.of("PGPASSWORD", APP_PASSWORD), 30).requireSuccess("SHOW DATABASES").output();
      assertThat(databases).contains(DATABASE + "|127.0.0.1|" + primary.port() + "|" + DATABASE);
    }
  }

  @Test
  void standbyBootstrapStreamsFromARealPrimary() {
    try (PostgresServers servers = new PostgresServers()) {
      Instance primary = startPrimary(servers);
      PostgresServers.psql(primary, DATABASE, "CREATE TABLE t (id int PRIMARY KEY, note text)");
      PostgresServers.psql(primary, DATABASE, "INSERT INTO t VALUES (1, 'before the standby')");

      Path standbyData = servers.ownedDir("standby-").resolve("data");
      Map<String, String> env = bootstrapEnv(primary, standbyData);
      Processes.Result bootstrap = PostgresServers.shellAsPostgres(PostgresScripts.replicaBootstrap(), env)
          .requireSuccess("replica bootstrap");
      assertThat(bootstrap.output()).contains("standby bootstrapped");
      assertThat(standbyData.resolve("standby.signal")).exists();

      Instance standby = servers.start(standbyData, PostgresScripts.standbyArgs(MAX_CONNECTIONS),
          Map.of("PGPASSWORD", REPLICATION_PASSWORD));

      await().atMost(Duration.ofSeconds(30)).until(() -> PostgresServers.psql(primary, "postgres",
          "SELECT usename || ':' || state FROM pg_stat_replication"),
          ("" + PostgresScripts.REPLICATION_USER + ":streaming")::equals);
      assertThat(PostgresServers.psql(standby, "postgres", "SELECT pg_is_in_recovery()")).isEqualTo("t");
      assertThat(PostgresServers.psql(standby, DATABASE, "SELECT note FROM t WHERE id = 1"))
          .isEqualTo("before the standby");

      PostgresServers.psql(primary, DATABASE, "INSERT INTO t VALUES (2, 'written on the primary')");
      await().atMost(Duration.ofSeconds(30)).until(() -> PostgresServers.psql(standby, DATABASE,
          "SELECT coalesce((SELECT note FROM t WHERE id = 2), '')"), "written on the primary"::equals);

      // The readiness probe's command says the standby streams.
      Map<String, String> probeEnv = PostgresServers.superuserEnv(standby);
      probeEnv.put("PATH", "/usr/bin:/bin");
      assertThat(Processes.shell(PostgresScripts.standbyStreamingCheck(), probeEnv, 30).exitCode()).isZero();
      // Re-running the bootstrap on a filled directory changes nothing.
      assertThat(PostgresServers.shellAsPostgres(PostgresScripts.replicaBootstrap(), env)
          .requireSuccess("bootstrap again").output()).contains("standby data present");
    }
  }

  /**
   * The most read replicas a stack may have, all bootstrapping at once (the replicas' StatefulSet starts its
   * pods in parallel, and each pg_basebackup -X stream holds two WAL senders), then streaming together from one
   * primary with the generated settings.
   */
  @Test
  void theMostReplicasAStackMayHaveBootstrapAtOnceAndAllStream() {
    int replicas = io.appstack.operator.api.data.ReadReplicasSpec.MAX_COUNT;
    try (PostgresServers servers = new PostgresServers()) {
      Instance primary = startPrimary(servers);
      PostgresServers.psql(primary, DATABASE, "CREATE TABLE t (id int PRIMARY KEY)");
      List<Path> dirs = java.util.stream.IntStream.range(0, replicas)
          .mapToObj(i -> servers.ownedDir("standby-" + i + "-").resolve("data")).toList();
      dirs.parallelStream().forEach(dir -> PostgresServers.shellAsPostgres(PostgresScripts.replicaBootstrap(),
          bootstrapEnv(primary, dir)).requireSuccess("bootstrap " + dir));
      for (Path dir : dirs) {
        servers.start(dir, PostgresScripts.standbyArgs(MAX_CONNECTIONS), Map.of("PGPASSWORD", REPLICATION_PASSWORD));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> PostgresServers.psql(primary, "postgres",
          "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"), String.valueOf(replicas)::equals);
    }
  }

  /** What a standby's init container gets: where to put the data, the primary, and the replication login. */
  static Map<String, String> bootstrapEnv(Instance primary, Path data) {
    Map<String, String> env = new HashMap<>();
    env.put("PGDATA", data.toString());
    env.put("PRIMARY_HOST", "127.0.0.1");
    env.put("PRIMARY_PORT", String.valueOf(primary.port()));
    env.put("REPLICATION_USER", PostgresScripts.REPLICATION_USER);
    env.put("PGPASSWORD", REPLICATION_PASSWORD);
    env.put("PATH", PostgresServers.BIN + ":/usr/bin:/bin");
    return env;
  }

  /** initdb + the generated primary settings + the generated first-start script, as the image's entrypoint runs it. */
  static Instance startPrimary(PostgresServers servers) {
    Path data = servers.initdb();
    Instance primary = servers.start(data, PostgresScripts.primaryArgs(MAX_CONNECTIONS), Map.of());
    PostgresServers.psql(primary, "postgres", "CREATE DATABASE " + DATABASE); // POSTGRES_DB
    Map<String, String> env = PostgresServers.superuserEnv(primary);
    env.put("PGDATA", data.toString());
    env.put("APP_USER", PostgresScripts.APP_USER);
    env.put("APP_PASSWORD", APP_PASSWORD);
    env.put("APP_DATABASE", DATABASE);
    env.put("REPLICATION_USER", PostgresScripts.REPLICATION_USER);
    env.put("REPLICATION_PASSWORD", REPLICATION_PASSWORD);
    env.put("PATH", "/usr/bin:/bin");
    PostgresServers.shellAsPostgres(PostgresScripts.primaryInit(), env).requireSuccess("primary init script");
    PostgresServers.psql(primary, "postgres", "SELECT pg_reload_conf()");
    assertThat(PostgresServers.psql(primary, "postgres", "SHOW wal_level")).isEqualTo("replica");
    assertThat(PostgresServers.psql(primary, "postgres", "SHOW max_connections")).isEqualTo("100");
    return primary;
  }

  /** Runs a PgBouncer console SHOW as the stats user; maps column {@code key} to column {@code value}. */
  static Map<String, String> console(int port, String show, int key, int value) {
    String out = Processes.run(List.of(PostgresServers.PSQL.toString(), "--no-psqlrc", "-tA", "-F", "|", "-h",
        "127.0.0.1", "-p", String.valueOf(port), "-U", PostgresScripts.APP_USER, "-d", "pgbouncer", "-c", show),
        Map.of("PGPASSWORD", APP_PASSWORD), 30).requireSuccess(show).output();
    Map<String, String> map = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length > Math.max(key, value)) {
        map.put(f[key], f[value]);
      }
    }
    return map;
  }
}
