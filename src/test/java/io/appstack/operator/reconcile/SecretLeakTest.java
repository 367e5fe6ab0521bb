package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * No secret value — the user's database password and Prometheus token, or the passwords the operator
 * generates — appears in the operator's log (at DEBUG, the SDK's and the client's included), in an
 * Event, or in an AppStack's status, while stacks are created, changed and reconciled.
 */
@QuarkusTest
@TestProfile(SecretLeakTest.VerboseLogs.class)
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class SecretLeakTest {
  static final String NS = TestCluster.NAMESPACE;

  public static class VerboseLogs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.log.category.\"io.javaoperatorsdk\".level", "DEBUG",
          "quarkus.log.category.\"io.appstack\".level", "DEBUG",
          "quarkus.log.category.\"io.fabric8\".level", "DEBUG",
          "quarkus.log.category.\"io.quarkiverse\".level", "DEBUG",
          "quarkus.log.console.level", "INFO");
    }
  }

  /** Every log record of the operator's process, formatted as a log line would be, with its stack trace. */
  static final class Capture extends Handler {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    public void publish(LogRecord record) {
      String logger = String.valueOf(record.getLoggerName());
      if (logger.startsWith("io.fabric8.kubernetes.client.server.mock") || logger.startsWith("io.fabric8.mockwebserver")) {
        return; // the mock API server stands in for the cluster: its log is not the operator's
      }
      String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
      StringWriter out = new StringWriter().append(record.getLoggerName()).append(' ').append(String.valueOf(message));
      if (record.getThrown() != null) {
        record.getThrown().printStackTrace(new PrintWriter(out));
      }
      lines.add(out.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Inject
  KubernetesClient client;

  @Test
  void noSecretValueReachesLogsEventsOrStatus() {
    Capture capture = new Capture();
    capture.setLevel(Level.ALL);
    java.util.logging.Logger root = org.jboss.logmanager.LogManager.getLogManager().getLogger("");
    root.addHandler(capture);
    try {
      String dbPassword = "Pw-" + UUID.randomUUID();
      String token = "Tk-" + UUID.randomUUID();
      client.resource(secret("leak-db", Map.of("username", "shop", "password", dbPassword))).create();
      Secret tokenSecret = secret("leak-token", Map.of("token", token));
      tokenSecret.getMetadata().setLabels(Map.of(io.appstack.operator.metrics.PrometheusAccess.TOKEN_LABEL, "true"));
      client.resource(tokenSecret).create();
      client.resource(Serialization.unmarshal("""
          apiVersion: appstack.io/v1alpha1
          kind: AppStack
          metadata: {name: leaky, namespace: %s}
          spec:
            api: {image: ghcr.io/acme/api:1}
            workers: [{name: emails, image: ghcr.io/acme/w:1, queue: emails}]
            prometheus: {url: 'http://127.0.0.1:9', bearerTokenSecretRef: {name: leak-token, key: token}}
            autoscaling: {pollInterval: 1s}
            redis: {mode: Standalone}
            database: {primary: {external: {host: db.example.com, database: shop, credentialsSecret: leak-db}}}
          """.formatted(NS), AppStack.class)).create();
      client.resource(Serialization.unmarshal("""
          apiVersion: appstack.io/v1alpha1
          kind: AppStack
          metadata: {name: leaky2, namespace: %s}
          spec:
            phase: Large
            api: {image: ghcr.io/acme/api:1}
            autoscaling: {pollInterval: 1s}
            database: {primary: {managed: {}}}
          """.formatted(NS), AppStack.class)).create();

      await().atMost(Duration.ofSeconds(40)).until(() -> secretValue("leaky-connections", "DATABASE_URL") != null
          && secretValue("leaky-redis", "password") != null && secretValue("leaky2-postgres", "password") != null);
      // A change and a few polls more: updates, status patches and Events all happen.
      io.appstack.operator.testing.StackEdits.edit(client, NS, "leaky",
          s -> s.withApi(s.api().withImage("ghcr.io/acme/api:2")));
      await().atMost(Duration.ofSeconds(30)).until(() -> "ghcr.io/acme/api:2".equals(client.apps().deployments()
          .inNamespace(NS).withName("leaky-api").get().getSpec().getTemplate().getSpec().getContainers().get(0)
          .getImage()));
      sleep(3_000);

      List<String> secrets = new ArrayList<>(List.of(dbPassword, token));
      for (Secret s : client.secrets().inNamespace(NS).list().getItems()) {
        if (s.getData() == null || !s.getMetadata().getName().startsWith("leaky")) {
          continue;
        }
        s.getData().forEach((key, value) -> {
          String plain = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
          if (key.toLowerCase().contains("password") && plain.length() >= 8) {
            secrets.add(plain);
          }
        });
      }
      assertThat(secrets).as("user and generated secrets under test").hasSizeGreaterThanOrEqualTo(5);

      String logs = String.join("\n", capture.lines);
      assertThat(capture.lines).as("DEBUG logging was captured").hasSizeGreaterThan(50);
      String events = client.v1().events().inNamespace(NS).list().getItems().stream()
          .map(e -> e.getReason() + " " + e.getMessage()).reduce("", (a, b) -> a + "\n" + b);
      String status = client.resources(AppStack.class).inNamespace(NS).list().getItems().stream()
          .map(s -> Serialization.asJson(s.getStatus())).reduce("", String::concat);
      assertThat(events).contains("created Secret leaky-connections");
      for (String secret : secrets) {
        assertThat(logs).as("log").doesNotContain(secret);
        assertThat(events).as("events").doesNotContain(secret);
        assertThat(status).as("status").doesNotContain(secret);
      }
    } finally {
      root.removeHandler(capture);
      // The log manager outlives this profile's application: put the categories back for the next tests.
      for (String category : new String[] {"io.javaoperatorsdk", "io.appstack", "io.fabric8", "io.quarkiverse"}) {
        org.jboss.logmanager.LogManager.getLogManager().getLogger(category).setLevel(Level.INFO);
      }
    }
  }

  String secretValue(String name, String key) {
    Secret s = client.secrets().inNamespace(NS).withName(name).get();
    return s == null || s.getData() == null || !s.getData().containsKey(key) ? null
        : new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  static Secret secret(String name, Map<String, String> values) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withStringData(values).build();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
