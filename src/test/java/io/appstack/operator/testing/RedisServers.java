package io.appstack.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import io.appstack.operator.datatier.RedisConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real {@code redis-server} processes on loopback ports for tests, each in its own directory under
 * target/, configured with the operator's generated {@code redis.conf}. Close to stop them all.
 */
public final class RedisServers implements AutoCloseable {
  public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
  public static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  public RedisServers() {
    Processes.requireBinary(REDIS_SERVER, "redis-server");
    Processes.requireBinary(REDIS_CLI, "redis-tools");
  }

  /** A running server. */
  public record Server(int port, Path dir, String password) {
    public String address() {
      return "127.0.0.1:" + port;
    }
  }

  /** Renders a node's settings for a loopback port (and, for cluster nodes, a free bus port). */
  public RedisConfig.Node node(boolean cluster, String maxmemory, String policy) {
    Path dir = Processes.tempDir("redis-");
    dirs.add(dir);
    return new RedisConfig.Node("127.0.0.1", Processes.freePort(cluster ? RedisConfig.BUS_PORT_OFFSET : 0),
        dir.toString(), maxmemory, policy);
  }

  /** Starts {@code redis-server} with {@code config} written to the node's directory; waits for PING. */
  public Server start(RedisConfig.Node node, String config, String password) {
    Path dir = Path.of(node.dir());
    Path conf = dir.resolve("redis.conf");
    Path log = dir.resolve("redis.log");
    try {
      Files.writeString(conf, config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Process process = Processes.start(List.of(REDIS_SERVER.toString(), conf.toString()), Map.of(), log);
    processes.add(process);
    Server server = new Server(node.port(), dir, password);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("redis-server exited " + process.exitValue() + ":\n" + Processes.tail(log));
      }
      if (cli(server, "PING").output().trim().equals("PONG")) {
        return server;
      }
      sleep(20);
    }
    fail("redis-server on port " + node.port() + " did not answer PING:\n" + Processes.tail(log));
    return null;
  }

  /** redis-cli against {@code server}, authenticated through REDISCLI_AUTH. */
  public static Processes.Result cli(Server server, String... args) {
    List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "--no-auth-warning", "-h", "127.0.0.1",
        "-p", String.valueOf(server.port())));
    command.addAll(List.of(args));
    return Processes.run(command, Map.of("REDISCLI_AUTH", server.password()), 120);
  }

  /** redis-cli without credentials. */
  public static Processes.Result anonymous(Server server, String... args) {
    List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "-h", "127.0.0.1",
        "-p", String.valueOf(server.port())));
    command.addAll(List.of(args));
    return Processes.run(command, Map.of(), 30);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    processes.forEach(Processes::stop);
    dirs.forEach(Processes::deleteTree);
  }
}
