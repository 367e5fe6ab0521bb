package io.appstack.operator.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Writes the image's AppCDS archive from a whole start: the operator (the fast-jar in the directory given, {@code
 * /deployments} in the image) starts against {@link TrainingApiServer} — TLS, lists, watches, the leader Lease — and
 * is stopped with SIGTERM once started, when the JVM writes every class it loaded ({@code -XX:ArchiveClassesAtExit}).
 * A start that fails at an unreachable API server, the previous training, leaves out the classes of the informers,
 * watches, TLS and leader election: mapping those too saves about half a CPU-second of the start (docs/BENCHMARKS.md).
 * Run by the Dockerfile with the image's own JVM: {@code java -cp '/deployments/app/*'
 * io.appstack.operator.image.CdsTraining /deployments}. Exits non-zero, with no archive, when the operator did not
 * start against the training server within two minutes or did not then stop by itself within one.
 */
public final class CdsTraining {
  /** Of the training server's throwaway key store, which lives only while the image build trains. */
  static final char[] PASSWORD = "training".toCharArray();
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final long STOP_TIMEOUT_SECONDS = 60;
  /** After "started": the leader Lease is taken and event processing starts, which loads classes too. */
  private static final long SETTLE_MILLIS = 2_000;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path app = Path.of(args.length > 0 ? args[0] : "/deployments").toAbsolutePath();
    Path archive = app.resolve("app-cds.jsa");
    // Written aside and moved into place only whole: a JVM rejects a truncated archive quietly, and starts slower.
    Path written = app.resolve("app-cds.jsa.training");
    Files.deleteIfExists(written);
    Path work = Files.createTempDirectory("cds-training");
    boolean trained;
    try (TrainingApiServer server = new TrainingApiServer(serverKeys(work), PASSWORD)) {
      trained = train(app, written, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          server.port(), work.resolve("ca.pem"));
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (!trained || !Files.isRegularFile(written) || Files.size(written) == 0) {
      Files.deleteIfExists(written);
      System.err.println("no AppCDS archive was written at " + archive);
      System.exit(2);
    }
    Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("AppCDS archive %s: %.1f MiB%n", archive, Files.size(archive) / 1048576.0);
  }

  /**
   * A key and self-signed certificate for 127.0.0.1 — RSA 2048, as a cluster's API server certificate usually is —
   * made with the JDK's keytool in {@code dir} ({@code server.p12}), the certificate also as {@code ca.pem}.
   */
  static KeyStore serverKeys(Path dir) throws Exception {
    Path keyStore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String password = new String(PASSWORD);
    run(List.of(keytool, "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", password, "-keypass", password, "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2"));
    run(List.of(keytool, "-exportcert", "-rfc", "-keystore", keyStore.toString(), "-storepass", password,
        "-alias", "server", "-file", dir.resolve("ca.pem").toString()));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  /**
   * Starts the operator writing its archive to {@code archive}, stops it with SIGTERM once it has started (or after
   * the timeout), and returns whether it started and then exited by itself — the archive written whole. It never
   * leaves the operator running.
   */
  private static boolean train(Path app, Path archive, String java, int port, Path ca) throws Exception {
    ProcessBuilder operator = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + archive,
        "-jar", app.resolve("quarkus-run.jar").toString())
        .directory(app.toFile())
        .redirectErrorStream(true);
    operator.environment().putAll(Map.of(
        "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "https://127.0.0.1:" + port,
        "QUARKUS_KUBERNETES_CLIENT_CA_CERT_FILE", ca.toString(),
        "QUARKUS_KUBERNETES_CLIENT_TOKEN", "training",
        "QUARKUS_HTTP_PORT", "0",
        "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true",
        "APPSTACK_LEADER_ELECTION_LEASE_NAMESPACE", "training"));
    Process process = operator.start();
    try {
      OperatorOutput output = OperatorOutput.read(process);
      boolean started = output.awaitStarted(START_TIMEOUT_SECONDS);
      if (started) {
        Thread.sleep(SETTLE_MILLIS);
      }
      process.destroy(); // SIGTERM: the JVM exits normally and writes the archive
      boolean exited = process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // 143: stopped by SIGTERM, as asked.
      boolean whole = exited && (process.exitValue() == 0 || process.exitValue() == 143);
      if (!started || !whole) {
        System.err.printf("the operator %s against the training API server. Its last lines:%n",
            !started ? "did not start" : exited ? "exited with " + process.exitValue() : "did not stop");
        output.tail().forEach(System.err::println);
      }
      return started && whole;
    } finally {
      process.destroyForcibly();
    }
  }

  /** The operator's output, read to its end on a thread of its own (it never blocks on a full pipe). */
  private static final class OperatorOutput {
    private static final Pattern STARTED = Pattern.compile("started in [0-9.]+s");
    private final CompletableFuture<Boolean> started = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    static OperatorOutput read(Process process) {
      OperatorOutput output = new OperatorOutput();
      Thread reader = new Thread(() -> output.readAll(process), "operator-output");
      reader.setDaemon(true);
      reader.start();
      return output;
    }

    private void readAll(Process process) {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (STARTED.matcher(line).find()) {
            started.complete(true);
          }
          if (!line.contains("[cds]")) { // what the JVM says of each class it leaves out of the archive
            synchronized (tail) {
              tail.addLast(line);
              if (tail.size() > 20) {
                tail.removeFirst();
              }
            }
          }
        }
      } catch (IOException e) {
        // the stream closes when the process is destroyed: its end
      } finally {
        started.complete(false);
      }
    }

    /** Whether the operator said it started within {@code seconds}; false as soon as its output ends without. */
    boolean awaitStarted(long seconds) throws InterruptedException {
      try {
        return started.get(seconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    List<String> tail() {
      synchronized (tail) {
        return List.copyOf(tail);
      }
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
