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

/**
 * Debian's {@code prometheus} binary on a free loopback port, scraping one target every second. It
 * must be installed (.ci/run does it): a missing binary fails the test.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final int port;
  private final int targetPort;
  private final Path dir;
  private Process process;

  public PrometheusServer(int targetPort) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package 'prometheus' (see .ci/run)");
    }
    this.targetPort = targetPort;
    this.port = FreePort.pick();
    try {
      this.dir = Files.createTempDirectory(Path.of("target"), "prometheus-");
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: test
              honor_labels: true
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(targetPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
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
