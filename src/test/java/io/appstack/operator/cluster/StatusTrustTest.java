package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Status is untrusted input, on a real control plane: scaling memory another writer puts in a stack's status
 * (here {@code phase: Enterprise} on a Small stack, through the status subresource) is never acted on while the
 * operator runs: no replica or data-tier change follows, a Warning Event names it, and the operator's own memory
 * is written back.
 */
@Tag(ControlPlaneTests.TAG)
class StatusTrustTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    // Metrics unavailable (nothing listens on the discard port): counts hold, so any change is the status's doing.
    stacks = new ClusterStacks("trust").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  @Test
  void aPhaseWrittenThroughTheStatusSubresourceIsNotActedOnAndIsPutBack() throws InterruptedException {
    stacks.client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("db")
        .withNamespace(stacks.ns).endMetadata().withStringData(java.util.Map.of("username", "app", "password", "pw"))
        .build()).create();
    stacks.create("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: small}
        spec:
          phase: Auto
          autoscaling: {pollInterval: 1s}
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          workers:
            - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
          database:
            primary:
              external: {host: db.example.internal, database: shop, credentialsSecret: db}
            pgbouncer: {mode: Auto}
        """);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.stack("small").getStatus() != null
        && "Small".equals(stacks.stack("small").getStatus().phase()));
    int api = stacks.awaitRolledOut("small-api").getSpec().getReplicas();
    // At rest (no status change pending), so no status patch of the operator's own can race the one below.
    stacks.awaitCondition("small", "Ready", "True");
    await().atMost(ClusterStacks.TIMEOUT).until(() -> {
      String before = stacks.stack("small").getMetadata().getResourceVersion();
      Thread.sleep(3_000);
      return before.equals(stacks.stack("small").getMetadata().getResourceVersion());
    });

    stacks.client.resources(AppStack.class).inNamespace(stacks.ns).withName("small").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": {\"phase\": \"Enterprise\"}}");

    Event warning = await().atMost(ClusterStacks.TIMEOUT).until(() -> events("StatusOverwritten"), e -> !e.isEmpty())
        .get(0);
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getMessage()).contains("phase Small → Enterprise", "not acted on");
    await().atMost(ClusterStacks.TIMEOUT).until(() -> "Small".equals(stacks.stack("small").getStatus().phase()));
    Thread.sleep(3_000); // three polls
    assertThat(stacks.stack("small").getStatus().phase()).isEqualTo("Small");
    assertThat(stacks.get(Deployment.class, "small-api").getSpec().getReplicas()).isEqualTo(api);
    assertThat(stacks.get(Deployment.class, "small-pgbouncer")).as("no Enterprise data tier").isNull();
    assertThat(events("StatusOverwritten")).hasSize(1);
    assertThat(stacks.operator().failures()).isEmpty();
  }

  static List<Event> events(String reason) {
    return stacks.client.v1().events().inNamespace(stacks.ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }
}
