package io.appstack.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real PostgreSQL 15 and PgBouncer processes on loopback for tests. initdb, postgres and pgbouncer
 * refuse to run as root, so they run as the {@code postgres} user the Debian package creates, through
 * {@code setpriv}, which execs in place: the process we hold is the server. Close to stop them all.
 */
public final class PostgresServers implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  public static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");
  public static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  public static final Path PSQL = Path.of("/usr/bin/psql");
  public static final String OS_USER = "postgres";

  private final List<Process> processes = new ArrayList<>();
  private final List<Instance> instances = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  public PostgresServers() {
    Processes.requireBinary(BIN.resolve("postgres"), "postgresql");
    Processes.requireBinary(BIN.resolve("initdb"), "postgresql");
    Processes.requireBinary(BIN.resolve("pg_basebackup"), "postgresql");
    Processes.requireBinary(SETPRIV, "util-linux");
    Processes.requireBinary(PSQL, "postgresql-client");
  }

  /** A server: its data directory, loopback port and socket directory. */
  public record Instance(Path dataDir, int port, Path socketDir, Process process) {}

  /** A directory the {@code postgres} user owns. */
  public Path ownedDir(String prefix) {
    Path dir = Processes.tempDir(prefix);
    dirs.add(dir);
    chown(dir);
    return dir;
  }

  /** Command prefix that runs the rest as the postgres user. */
  public static List<String> asPostgres(String... command) {
    List<String> list = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + OS_USER, "--regid=" + OS_USER,
        "--init-groups"));
    list.addAll(List.of(command));
    return list;
  }

  /** initdb as the official image does: local connections trusted, TCP with scram-sha-256. */
  public Path initdb() {
    Path base = ownedDir("pg-");
    Path data = base.resolve("data");
    Processes.run(asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions"), Map.of(), 120)
        .requireSuccess("initdb");
    return data;
  }

  /** Starts postgres on a free loopback port with the given {@code -c} settings; waits until it accepts connections. */
  public Instance start(Path dataDir, List<String> settings, Map<String, String> env) {
    int port = Processes.freePort();
    Path socketDir = dataDir.getParent().resolve("sock-" + port);
    try {
      Files.createDirectories(socketDir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    chown(socketDir);
    List<String> command = asPostgres(BIN.resolve("postgres").toString(), "-D", dataDir.toString(),
        "-p", String.valueOf(port), "-k", socketDir.toString(), "-c", "listen_addresses=127.0.0.1");
    command.addAll(settings);
    Path log = dataDir.getParent().resolve("postgres-" + port + ".log");
    Process process = Processes.start(command, env, log);
    processes.add(process);
    Instance instance = new Instance(dataDir, port, socketDir, process);
    instances.add(instance);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("postgres exited " + process.exitValue() + ":\n" + Processes.tail(log));
      }
      if (Processes.run(List.of(BIN.resolve("pg_isready").toString(), "-q", "-h", socketDir.toString(), "-p",
          String.valueOf(port)), Map.of(), 10).exitCode() == 0) {
        return instance;
      }
      RedisServers.sleep(50);
    }
    fail("postgres on port " + port + " did not start:\n" + Processes.tail(log));
    return null;
  }

  /** Environment that points libpq (psql, the scripts) at {@code instance} through its socket, as superuser. */
  public static Map<String, String> superuserEnv(Instance instance) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", instance.socketDir().toString());
    env.put("PGPORT", String.valueOf(instance.port()));
    env.put("PGUSER", "postgres");
    return env;
  }

  /** psql as superuser over the socket; returns the unaligned, tuples-only output. */
  public static String psql(Instance instance, String database, String sql) {
    return Processes.run(List.of(PSQL.toString(), "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-tA", "-d", database,
        "-c", sql), superuserEnv(instance), 60).requireSuccess("psql " + sql).output().trim();
  }

  /** Runs a shell script as the postgres user (what a container running as uid 999 would do). */
  public static Processes.Result shellAsPostgres(String script, Map<String, String> env) {
    return Processes.run(asPostgres("/bin/sh", "-c", script), env, 180);
  }

  /** Starts pgbouncer with {@code ini} (already written, owned by postgres); waits for its port. */
  public Process startPgBouncer(Path ini, int port) {
    Processes.requireBinary(PGBOUNCER, "pgbouncer");
    Path log = ini.getParent().resolve("pgbouncer.log");
    Process process = Processes.start(asPostgres(PGBOUNCER.toString(), ini.toString()), Map.of(), log);
    processes.add(process);
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("pgbouncer exited " + process.exitValue() + ":\n" + Processes.tail(log));
      }
      try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        return process;
      } catch (IOException e) {
        RedisServers.sleep(50);
      }
    }
    fail("pgbouncer did not listen on " + port + ":\n" + Processes.tail(log));
    return null;
  }

  public static void chown(Path path) {
    Processes.run(List.of("chown", "-R", OS_USER + ":" + OS_USER, path.toString()), Map.of(), 30)
        .requireSuccess("chown");
  }

  /** Writes a file the postgres user owns and only it can read. */
  public static Path writeOwned(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    chown(file);
    Processes.run(List.of("chmod", "600", file.toString()), Map.of(), 10).requireSuccess("chmod");
    return file;
  }

  @Override
  public void close() {
    // Fast shutdown (SIGINT) of the servers, newest first, so standbys go before their primary.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      if (p.isAlive()) {
        Processes.run(List.of("kill", "-INT", String.valueOf(p.pid())), Map.of(), 10);
        try {
          if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    dirs.forEach(Processes::deleteTree);
  }
}
