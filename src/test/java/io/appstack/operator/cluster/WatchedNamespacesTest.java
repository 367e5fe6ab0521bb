package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator watching a list of namespaces (the chart's {@code watchNamespaces}) starts with every stack and child
 * of every namespace in its caches. JOSDK gives the informers of an event source (one per namespace) one item
 * store, and fabric8's informer drops from its store what its own namespace's list did not return: a store shared by
 * two namespaces lost one namespace's objects at each start, so the operator created children that existed (and,
 * with the primary's store shared, forgot stacks). {@code CompactItemStore.forNamespaces} keeps such event sources
 * on fabric8's own stores.
 */
@Tag(ControlPlaneTests.TAG)
class WatchedNamespacesTest {
  static ControlPlane cluster;
  static KubernetesClient client;
  static String teamA;
  static String teamB;

  @BeforeAll
  static void start() {
    cluster = ControlPlaneTests.withCrd();
    client = cluster.client("watched-namespaces-test");
    teamA = cluster.namespace("team-a");
    teamB = cluster.namespace("team-b");
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void aRestartedOperatorKnowsEveryNamespacesChildrenAndCreatesNoneAgain() {
    Set<String> namespaces = Set.of(teamA, teamB);
    try (InProcessOperator first = operator(namespaces)) {
      for (String ns : namespaces) {
        AppStack stack = Serialization.unmarshal("""
            apiVersion: appstack.io/v1alpha1
            kind: AppStack
            metadata: {name: shop}
            spec:
              api: {image: ghcr.io/acme/shop-api:1.4.2}
              workers: [{name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}]
            """, AppStack.class);
        stack.getMetadata().setNamespace(ns);
        client.resource(stack).create();
      }
      for (String ns : namespaces) {
        await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> client.resources(Deployment.class).inNamespace(ns).withName("shop-worker-emails").get(),
                d -> d != null);
      }
      settled();
    }
    List<Event> beforeA = created(teamA);
    List<Event> beforeB = created(teamB);
    assertThat(beforeA).isNotEmpty();
    assertThat(beforeB).hasSameSizeAs(beforeA);

    try (InProcessOperator second = operator(namespaces)) {
      // An edit in each namespace, made once the second operator runs: its reconcile reads every child of the stack
      // from the caches, and would create any its caches had lost.
      for (String ns : namespaces) {
        client.resources(AppStack.class).inNamespace(ns).withName("shop").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"api\":{\"env\":[{\"name\":\"EDITED\",\"value\":\"after the restart\"}]}}}");
      }
      for (String ns : namespaces) {
        await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> client.resources(Deployment.class).inNamespace(ns).withName("shop-api").get(),
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .anyMatch(e -> "EDITED".equals(e.getName())));
      }
      settled();
      assertThat(created(teamA)).as("Created Events in " + teamA).hasSameSizeAs(beforeA);
      assertThat(created(teamB)).as("Created Events in " + teamB).hasSameSizeAs(beforeB);
      assertThat(second.failures()).isEmpty();
    }
  }

  private static InProcessOperator operator(Set<String> namespaces) {
    return new InProcessOperator(cluster.client(InProcessOperator.USER_AGENT), URI.create("http://127.0.0.1:9"),
        namespaces).start();
  }

  private static List<Event> created(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Created".equals(e.getReason())).toList();
  }

  /** A few seconds for the last reconciles' Events (an Event is written after the child). */
  private static void settled() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
  }
}
