package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator never adopts or overwrites an object it did not create, on a real control plane with server-side
 * apply on (which would otherwise merge into it): an object in the way of a child stalls the stack naming it,
 * the object stays exactly as it was, and once it is gone the stack converges.
 */
@Tag(ControlPlaneTests.TAG)
class OwnershipTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("ownership").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  static String stack(String name, String extra) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          api: {image: ghcr.io/acme/shop-api:1.4.2}
        %s""".formatted(name, extra);
  }

  @Test
  void aServiceInTheWayIsNeverTakenAndTheStackStallsNamingIt() {
    Service theirs = stacks.client.resource(new ServiceBuilder().withNewMetadata().withName("mine-api")
        .withNamespace(stacks.ns).withLabels(Map.of("team", "payments")).endMetadata()
        .withNewSpec().addNewPort().withPort(9999).endPort().withSelector(Map.of("app", "theirs")).endSpec().build())
        .create();
    stacks.create(stack("mine", ""));

    Condition stalled = stacks.awaitCondition("mine", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("ApplyRefused");
    assertThat(stalled.getMessage()).contains("Service mine-api exists and is not owned by AppStack mine");
    Service after = stacks.get(Service.class, "mine-api");
    assertThat(after.getMetadata().getResourceVersion()).as("untouched").isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(after.getSpec().getSelector()).containsEntry("app", "theirs");
    assertThat(ClusterStacks.operatorEntries(after)).isEmpty();

    stacks.client.resource(after).delete();
    await().atMost(ClusterStacks.TIMEOUT).until(() -> {
      Service ours = stacks.get(Service.class, "mine-api");
      return ours != null && ours.getMetadata().getOwnerReferences() != null
          && !ours.getMetadata().getOwnerReferences().isEmpty();
    });
    stacks.awaitRolledOut("mine-api");
    stacks.awaitCondition("mine", "Ready", "True");
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void aSecretNamedLikeTheStacksCredentialsIsNeitherReadNorTaken() {
    Secret theirs = stacks.client.resource(new SecretBuilder().withNewMetadata().withName("cache-redis")
        .withNamespace(stacks.ns).endMetadata().withStringData(Map.of("password", "not-for-you")).build()).create();
    stacks.create(stack("cache", "  redis: {mode: Standalone}\n"));

    Condition stalled = stacks.awaitCondition("cache", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("ApplyRefused");
    assertThat(stalled.getMessage()).contains("Secret cache-redis exists and is not owned by AppStack cache");
    assertThat(stacks.get(Secret.class, "cache-redis").getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(stacks.get(StatefulSet.class, "cache-redis")).as("no Redis on someone else's password").isNull();
    assertThat(stacks.get(Secret.class, "cache-connections")).as("nothing handed to the apps").isNull();
    AppStack stack = stacks.stack("cache");
    assertThat(stack.getStatus().condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(stacks.operator().failures()).isEmpty();
  }
}
