package io.appstack.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Running the Debian programs the real-server tests need: binaries, free ports, commands, temp dirs. */
public final class Processes {
  private Processes() {}

  /** What a finished command printed and returned. */
  public record Result(int exitCode, String output) {
    public Result requireSuccess(String what) {
      if (exitCode != 0) {
        fail(what + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /**
   * The path of a required program. A missing one fails the test (CI installs it with .ci/run); it
   * never skips.
   */
  public static Path requireBinary(Path path, String debianPackage) {
    if (!Files.isExecutable(path)) {
      fail(path + " is missing: install the Debian package '" + debianPackage + "' (.ci/run does)");
    }
    return path;
  }

  /** A loopback port nobody listens on, and (with {@code alsoPlus}) the port that many above it too. */
  public static int freePort(int alsoPlus) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = alsoPlus > 0 ? ThreadLocalRandom.current().nextInt(20000, 30000) : 0;
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        int chosen = socket.getLocalPort();
        if (alsoPlus > 0) {
          try (ServerSocket bus = new ServerSocket(chosen + alsoPlus, 1, InetAddress.getLoopbackAddress())) {
            return chosen;
          }
        }
        return chosen;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free loopback port found");
  }

  public static int freePort() {
    return freePort(0);
  }

  /** A fresh directory under target/ (the build directory), removed by {@link #deleteTree}. */
  public static Path tempDir(String prefix) {
    try {
      Path base = Path.of("target", "servers").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: target/ is removed by mvn clean anyway
    }
  }

  /** Runs a command to completion within {@code timeoutSeconds}, output and errors together. */
  public static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " did not finish in "
            + timeoutSeconds + "s");
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code sh -c script} (what a Job or init container runs). */
  public static Result shell(String script, Map<String, String> env, long timeoutSeconds) {
    return run(List.of("/bin/sh", "-c", script), env, timeoutSeconds);
  }

  /** Starts a long-running server, its output appended to {@code log}. */
  public static Process start(List<String> command, Map<String, String> env, Path log) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.get(0), e);
    }
  }

  /** Stops a server: SIGTERM, then SIGKILL after 10s. */
  public static void stop(Process process) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String tail(Path log) {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
