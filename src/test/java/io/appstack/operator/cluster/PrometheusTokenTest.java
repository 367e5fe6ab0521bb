package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.metrics.PrometheusAccess;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A stack's Prometheus bearer token goes only to the operator's own Prometheus (or an allowed one), and only
 * from a Secret its owner labelled for that: a tenant cannot make the operator carry a Secret of the namespace
 * to a URL the tenant chose. Two listeners on loopback stand for the operator's Prometheus and a stranger's;
 * each records the Authorization headers it receives.
 */
@Tag(ControlPlaneTests.TAG)
class PrometheusTokenTest {
  static ClusterStacks stacks;
  static Listener own;
  static Listener stranger;

  record Listener(HttpServer server, List<String> authorizations) {
    static Listener start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      List<String> seen = new CopyOnWriteArrayList<>();
      server.createContext("/", exchange -> {
        seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return new Listener(server, seen);
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
  }

  @BeforeAll
  static void start() throws IOException {
    own = Listener.start();
    stranger = Listener.start();
    stacks = new ClusterStacks("token").startOperator(own.url());
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
    own.server().stop(0);
    stranger.server().stop(0);
  }

  static void tokenSecret(String name, String token, boolean labelled) {
    var secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(stacks.ns).endMetadata()
        .withStringData(Map.of("token", token)).build();
    if (labelled) {
      secret.getMetadata().setLabels(Map.of(PrometheusAccess.TOKEN_LABEL, "true"));
    }
    stacks.client.resource(secret).create();
  }

  static String stack(String name, String url, String secret) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          autoscaling: {pollInterval: 1s}
          prometheus: {%sbearerTokenSecretRef: {name: %s, key: token}}
        """.formatted(name, url == null ? "" : "url: '" + url + "', ", secret);
  }

  @Test
  void aTokenNeverGoesToAUrlTheTenantChose() {
    tokenSecret("stolen", "stolen-token-value", true);
    stacks.create(stack("exfiltrate", stranger.url().toString(), "stolen"));

    Condition stalled = stacks.awaitCondition("exfiltrate", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
    assertThat(stalled.getMessage()).contains("spec.prometheus.bearerTokenSecretRef",
        "a bearer token is sent only to the operator's own Prometheus");
    ServerSideApplyTest.sleep(Duration.ofSeconds(3));
    assertThat(stranger.authorizations()).as("requests the stranger's listener received").isEmpty();
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void aSecretItsOwnerDidNotLabelIsNeverSent() {
    tokenSecret("unlabelled", "unlabelled-token-value", false);
    stacks.create(stack("unlabelled-user", null, "unlabelled"));

    Condition stalled = stacks.awaitCondition("unlabelled-user", "Stalled", "True");
    assertThat(stalled.getMessage()).contains("Secret 'unlabelled' is not labelled " + PrometheusAccess.TOKEN_LABEL);
    assertThat(own.authorizations()).noneMatch(a -> a.contains("unlabelled-token-value"));
  }

  @Test
  void aLabelledTokenReachesTheOperatorsOwnPrometheus() {
    tokenSecret("granted", "granted-token-value", true);
    stacks.create(stack("granted-user", null, "granted"));

    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> own.authorizations().contains("Bearer granted-token-value"));
    stacks.awaitCondition("granted-user", "Stalled", "False");
  }
}
