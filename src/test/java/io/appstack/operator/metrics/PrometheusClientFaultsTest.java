package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.testing.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Network-level faults: down, slower than the timeout; and the bearer token reaches the server. */
class PrometheusClientFaultsTest {
  HttpServer server;
  final AtomicReference<String> authorization = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/slow/api/v1/query", exchange -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/ok/api/v1/query", exchange -> {
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void slowerThanTheTimeoutIsATimeout() {
    var client = new PrometheusClient(url("/slow"), Duration.ofMillis(300), Optional.empty(), false);
    long start = System.nanoTime();
    assertThat(client.query("up")).isInstanceOfSatisfying(QueryResult.Failure.class,
        f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
  }

  @Test
  void nothingListeningIsUnreachable() {
    var client = new PrometheusClient(URI.create("http://127.0.0.1:" + FreePort.pick()), Duration.ofSeconds(2),
        Optional.empty(), false);
    assertThat(client.query("up")).isInstanceOfSatisfying(QueryResult.Failure.class, f -> {
      assertThat(f.kind()).isEqualTo(FailureKind.UNREACHABLE);
      assertThat(f.message()).contains("127.0.0.1");
    });
  }

  @Test
  void sendsTheBearerToken() {
    var client = new PrometheusClient(url("/ok"), Duration.ofSeconds(2), Optional.of("s3cret"), false);
    assertThat(client.query("up").select(Map.of())).isInstanceOf(Reading.Unhealthy.class);
    assertThat(authorization.get()).isEqualTo("Bearer s3cret");
  }
}
