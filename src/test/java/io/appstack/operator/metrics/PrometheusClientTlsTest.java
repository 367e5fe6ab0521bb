package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An https Prometheus signed by a private CA (made with openssl for the test): trusted through the
 * stack's CA bundle, refused without it, and reachable with verification turned off.
 */
class PrometheusClientTlsTest {
  static HttpsServer server;
  static String caPem;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "tls-");
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.pem");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
        "-out", "server.csr");
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
    run(dir, "openssl", "pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-passout", "pass:test",
        "-out", "server.p12");
    caPem = Files.readString(dir.resolve("ca.pem"));

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      keys.load(in, "test".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "test".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/api/v1/query", exchange -> {
      byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"7\"]}]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void trustsThePrivateCaFromTheStacksSecret() {
    var client = new PrometheusClient(url(), Duration.ofSeconds(5), Optional.empty(), Optional.of(caPem), false);
    assertThat(client.query("up").select(Map.of())).isInstanceOfSatisfying(Reading.Value.class,
        v -> assertThat(v.value()).isEqualTo(7));
  }

  @Test
  void refusesAnUnknownCa() {
    var client = new PrometheusClient(url(), Duration.ofSeconds(5), Optional.empty(), Optional.empty(), false);
    assertThat(client.query("up")).isInstanceOfSatisfying(QueryResult.Failure.class,
        f -> assertThat(f.kind()).isEqualTo(FailureKind.UNREACHABLE));
  }

  @Test
  void insecureSkipTlsVerifyReachesIt() {
    var client = new PrometheusClient(url(), Duration.ofSeconds(5), Optional.empty(), Optional.empty(), true);
    assertThat(client.query("up").select(Map.of())).isInstanceOf(Reading.Value.class);
  }

  @Test
  void aBundleThatIsNotPemIsRejectedWithAReason() {
    assertThatThrownBy(() -> PrometheusClient.trusting("not a certificate"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM CA certificate");
  }
}
