package io.appstack.operator.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes the image's AppCDS archive from a whole start: the operator (the fast-jar in the directory given, {@code
 * /deployments} in the image) starts against {@link TrainingApiServer} — TLS, lists, watches, the leader Lease — and
 * is stopped with SIGTERM once started, when the JVM writes every class it loaded ({@code -XX:ArchiveClassesAtExit}).
 * A start that fails at an unreachable API server, the previous training, leaves out the classes of the informers,
 * watches, TLS and leader election: mapping those too saves about half a CPU-second of the start (docs/BENCHMARKS.md).
 * Run by the Dockerfile with the image's own JVM: {@code java -cp '/deployments/app/*'
 * io.appstack.operator.image.CdsTraining /deployments}. Exits non-zero when the operator did not start against the
 * training server (within two minutes) or no archive was written.
 */
public final class CdsTraining {
  /** Of the training server's throwaway key store, which lives only while the image build trains. */
  static final char[] PASSWORD = "training".toCharArray();
  private static final long START_TIMEOUT_SECONDS = 120;
  /** After "started": the leader Lease is taken and event processing starts, which loads classes too. */
  private static final long SETTLE_MILLIS = 2_000;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path app = Path.of(args.length > 0 ? args[0] : "/deployments").toAbsolutePath();
    Path archive = app.resolve("app-cds.jsa");
    Path work = Files.createTempDirectory("cds-training");
    boolean started;
    try (TrainingApiServer server = new TrainingApiServer(serverKeys(work), PASSWORD)) {
      started = train(app, archive, Path.of(System.getProperty("java.home"), "bin", "java").toString(), server.port(),
          work.resolve("ca.pem"));
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (!started) {
      // An archive of a start cut short would still work, but would quietly cost the start what this class saves.
      System.exit(2);
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      System.err.println("no AppCDS archive was written at " + archive);
      System.exit(1);
    }
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

  /** Whether the operator started; it has exited, and written the archive, when this returns. */
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
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
        process.destroy(); // a start that hangs: its output ends, and the training fails below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    boolean started = false;
    java.util.Deque<String> last = new java.util.ArrayDeque<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while (!started && (line = out.readLine()) != null) {
        started = line.contains("started in");
        if (line.contains("[cds]")) {
          continue; // what the JVM says of classes it will not archive
        }
        last.addLast(line);
        if (last.size() > 20) {
          last.removeFirst();
        }
      }
      if (started) {
        Thread.sleep(SETTLE_MILLIS);
      } else {
        System.err.println("the operator did not start against the training API server. Its last lines:");
        last.forEach(System.err::println);
      }
      process.destroy(); // SIGTERM: the JVM exits normally and writes the archive
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return started;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
