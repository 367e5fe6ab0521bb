package io.appstack.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's {@code prometheus} binary on a free loopback port, scraping one target every second, or serving
 * a fixed history written into its storage with {@code promtool} beforehand. It must be installed (.ci/run
 * does it): a missing binary fails the test.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private final int port;
  private final int targetPort;
  private final Path dir;
  private Process process;

  /** Scrapes {@code 127.0.0.1:targetPort} every second. */
  public PrometheusServer(int targetPort) {
    this(targetPort, null);
  }

  /**
   * Scrapes nothing and answers from {@code openMetrics} (samples with their timestamps, ending in
   * {@code # EOF}), backfilled with {@code promtool tsdb create-blocks-from openmetrics}: queries at a given
   * {@code time} get the same answer on every run.
   */
  public static PrometheusServer withHistory(String openMetrics) {
    return new PrometheusServer(-1, openMetrics);
  }

  /**
   * Scrapes each {@code 127.0.0.1:port} of {@code targets} every second (at {@code /metrics}), adding that
   * target's labels, as Kubernetes service discovery adds {@code namespace} and {@code pod} to an app's metrics.
   */
  public static PrometheusServer scraping(Map<Integer, Map<String, String>> targets) {
    StringBuilder config = new StringBuilder("""
        scrape_configs:
          - job_name: apps
            static_configs:
        """);
    targets.forEach((targetPort, labels) -> {
      config.append("      - targets: ['127.0.0.1:").append(targetPort).append("']\n        labels: {");
      config.append(String.join(", ", labels.entrySet().stream()
          .map(e -> e.getKey() + ": '" + e.getValue() + "'").toList())).append("}\n");
    });
    return new PrometheusServer(-1, null, config.toString());
  }

  private PrometheusServer(int targetPort, String history) {
    this(targetPort, history, """
        scrape_configs:
          - job_name: test
            honor_labels: true
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(targetPort));
  }

  private PrometheusServer(int targetPort, String history, String scrapeConfigs) {
    for (Path binary : new Path[] {BINARY, PROMTOOL}) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(binary + " is missing: install the Debian package 'prometheus' (see .ci/run)");
      }
    }
    this.targetPort = targetPort;
    this.port = FreePort.pick();
    try {
      this.dir = Files.createTempDirectory(Path.of("target"), "prometheus-");
      String global = """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          """;
      Files.writeString(dir.resolve("prometheus.yml"), history != null ? global : global + scrapeConfigs);
      if (history != null) {
        backfill(history);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  private void backfill(String openMetrics) throws IOException {
    Path input = dir.resolve("history.om");
    Files.writeString(input, openMetrics);
    Process promtool = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics",
        input.toString(), dir.resolve("data").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("promtool.log").toFile())
        .start();
    try {
      if (!promtool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || promtool.exitValue() != 0) {
        throw new IllegalStateException("promtool could not backfill: " + Files.readString(dir.resolve("promtool.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts (or restarts) the server on the same port and data directory. */
  public void start() {
    try {
      process = new ProcessBuilder(BINARY.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(this::ready);
  }

  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int targetPort() {
    return targetPort;
  }

  private boolean ready() {
    try {
      var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url().resolve("/-/ready"))
          .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
