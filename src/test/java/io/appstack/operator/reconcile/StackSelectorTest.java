package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An installation limited by a label selector (the chart's {@code stackSelector}) manages only the
 * AppStacks that match: others get no child, no status, no write.
 */
@QuarkusTest
@TestProfile(StackSelectorTest.ShardA.class)
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class StackSelectorTest {
  static final String NS = TestCluster.NAMESPACE;

  public static class ShardA implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.operator-sdk.controllers.appstack.selector", "shard=a");
    }
  }

  @Inject
  KubernetesClient client;

  @Test
  void managesOnlyStacksMatchingItsSelector() throws InterruptedException {
    create("mine", "a");
    Map<String, String> created = Map.of("theirs", create("theirs", "b"), "unlabelled", create("unlabelled", null));

    await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments().inNamespace(NS)
        .withName("mine-api").get() != null);
    await().atMost(Duration.ofSeconds(30)).until(() -> stack("mine").getStatus() != null);
    Thread.sleep(3_000); // several poll intervals for the others to be (wrongly) picked up

    for (String other : new String[] {"theirs", "unlabelled"}) {
      assertThat(client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, other).list().getItems())
          .as(other + " has no children").isEmpty();
      assertThat(stack(other).getStatus()).as(other + " has no status").isNull();
      assertThat(stack(other).getMetadata().getResourceVersion()).as(other + " never written")
          .isEqualTo(created.get(other));
    }
  }

  /** Creates the stack and returns its resourceVersion. */
  String create(String name, String shard) {
    AppStack stack = new AppStack(NS, name, AppStackReconcilerTest.spec(name + "-api:1", "emails"));
    if (shard != null) {
      stack.getMetadata().setLabels(Map.of("shard", shard));
    }
    return client.resource(stack).create().getMetadata().getResourceVersion();
  }

  AppStack stack(String name) {
    return client.resources(AppStack.class).inNamespace(NS).withName(name).get();
  }
}
