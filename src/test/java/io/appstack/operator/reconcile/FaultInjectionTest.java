package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.reconcile.runtime.InformerLiveness;
import io.appstack.operator.testing.FaultInjector;
import io.appstack.operator.testing.StackEdits;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server misbehaves — 500s, 409 conflicts, slow answers — and the operator says so in status
 * while it lasts, creates no duplicates, touches no other stack, and converges once it heals.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class FaultInjectionTest {
  static final String NS = TestCluster.NAMESPACE;
  static final Duration TIMEOUT = Duration.ofSeconds(40);

  @Inject
  KubernetesClient client;

  FaultInjector faults;

  @BeforeEach
  void faults() {
    faults = TestCluster.faults().orElseThrow(() -> new IllegalStateException("fault injection needs the mock server"));
  }

  @AfterEach
  void heal() {
    faults.clear();
  }

  @Test
  void serverErrorsOnCreateAreReportedThenRetriedWithoutDuplicates() {
    createReady("bystander");
    Map<String, String> bystander = childVersions("bystander");

    FaultInjector.Fault fault = faults.fail("POST", "/namespaces/" + NS + "/deployments", 500, Integer.MAX_VALUE);
    client.resource(new AppStack(NS, "flaky", AppStackReconcilerTest.spec("flaky-api:1", "emails"))).create();

    Condition reconciling = awaitCondition("flaky", "Reconciling",
        c -> "True".equals(c.getStatus()) && "ApplyFailed".equals(c.getReason()));
    assertThat(reconciling.getMessage()).contains("api-deployment", "Retrying");
    assertThat(condition("flaky", "Stalled").getStatus()).as("transient, not stalled").isEqualTo("False");
    assertThat(client.resources(Service.class).inNamespace(NS).withName("flaky-api").get())
        .as("children that do not depend on the failing one are still applied").isNotNull();

    faults.clear();
    await().atMost(TIMEOUT).until(() -> deployments("flaky") == 2);
    rollOut("flaky");
    awaitCondition("flaky", "Ready", c -> "True".equals(c.getStatus()));
    assertThat(fault.hits().get()).isGreaterThan(1);
    assertThat(deployments("flaky")).as("no duplicates").isEqualTo(2);
    assertThat(childVersions("bystander")).as("another stack is untouched").isEqualTo(bystander);
  }

  @Test
  void aRefusalRetryingCannotFixStallsNamingTheObjectAndClearsOnceItIsAccepted() {
    FaultInjector.Fault fault = faults.fail("POST", "/namespaces/" + NS + "/deployments", 422, Integer.MAX_VALUE);
    client.resource(new AppStack(NS, "refused", AppStackReconcilerTest.spec("refused-api:1", "emails"))).create();

    Condition stalled = awaitCondition("refused", "Stalled",
        c -> "True".equals(c.getStatus()) && "ApplyRefused".equals(c.getReason()));
    assertThat(stalled.getMessage()).contains("api-deployment", "the API server refused it (422)",
        "Retrying will not fix this");
    assertThat(condition("refused", "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition("refused", "Ready").getReason()).isEqualTo("ApplyRefused");

    // Whatever made the server refuse is fixed (an admission policy relaxed): the next poll gets through.
    faults.clear();
    await().atMost(TIMEOUT).until(() -> deployments("refused") == 2);
    rollOut("refused");
    awaitCondition("refused", "Ready", c -> "True".equals(c.getStatus()));
    assertThat(condition("refused", "Stalled").getStatus()).isEqualTo("False");
    assertThat(fault.hits().get()).isPositive();
  }

  @Test
  void conflictsOnUpdateAndStatusAreRetried() {
    createReady("contended");
    var conflicts = faults.fail("PATCH", "/deployments/contended-api", 409, 3);
    var statusConflicts = faults.fail("PATCH", "/appstacks/contended/status", 409, 2);
    faults.fail("PUT", "/deployments/contended-api", 409, 3);

    StackEdits.edit(client, NS, "contended", s -> s.withApi(s.api().withImage("ghcr.io/acme/contended:2")));

    await().atMost(TIMEOUT).until(() -> image("contended-api"), "ghcr.io/acme/contended:2"::equals);
    awaitCondition("contended", "Reconciling", c -> c.getObservedGeneration() == 2L);
    assertThat(conflicts.hits().get() + statusConflicts.hits().get()).isPositive();
    assertThat(deployments("contended")).isEqualTo(2);
  }

  @Test
  void aSlowApiServerDelaysButDoesNotBreakConvergence() {
    var slow = faults.slow("POST", "/namespaces/" + NS + "/services", Duration.ofSeconds(2));
    createReady("sluggish");
    assertThat(slow.hits().get()).isPositive();
    assertThat(client.resources(Service.class).inNamespace(NS).withLabel(Labels.STACK, "sluggish").list().getItems())
        .hasSize(1);
  }

  @Test
  void changesMadeWhileWatchesAreDroppedAreNotMissed() {
    createReady("watched");
    assertThat(get("/q/health/ready")).contains("\"status\": \"UP\"");
    assertThat(get("/q/health/started")).as("the chart's startup probe").contains("\"status\": \"UP\"");

    // The API server drops every watch and refuses new ones for a while, as during a restart.
    FaultInjector.Fault refused = faults.refuseWatches("", 503, Integer.MAX_VALUE);
    assertThat(faults.dropWatches("")).as("open watches dropped").isPositive();
    await().atMost(TIMEOUT).until(() -> refused.hits().get() > 0);
    await("readiness reports the informers that lost their watch").atMost(TIMEOUT)
        .until(() -> get("/q/health/ready").contains("\"status\": \"DOWN\""));
    assertThat(get("/q/health/live")).as("a watch reconnecting is no reason to restart the pod")
        .contains("\"status\": \"UP\"").contains(InformerLiveness.NAME);

    // While the operator is blind: a user changes the image, something deletes a worker Deployment.
    StackEdits.edit(client, NS, "watched", s -> s.withApi(s.api().withImage("ghcr.io/acme/watched:2")));
    assertThat(client.apps().deployments().inNamespace(NS).withName("watched-worker-emails").delete()).hasSize(1);

    // It comes back with the informers' resource versions expired, so they must list again.
    faults.clear();
    faults.expireWatches();
    await().atMost(Duration.ofSeconds(90)).until(() -> "ghcr.io/acme/watched:2".equals(image("watched-api"))
        && image("watched-worker-emails") != null);
    assertThat(faults.expiredWatches()).as("watches ended with 410 Gone").isPositive();
    assertThat(deployments("watched")).as("no duplicates").isEqualTo(2);
    rollOut("watched");
    awaitCondition("watched", "Ready", c -> "True".equals(c.getStatus()) && c.getObservedGeneration() == 2L);
    await().atMost(TIMEOUT).until(() -> get("/q/health/ready").contains("\"status\": \"UP\""));
  }

  static String get(String path) {
    return AutoscalingLoopTest.get(path);
  }

  void createReady(String name) {
    client.resource(new AppStack(NS, name, AppStackReconcilerTest.spec(name + "-api:1", "emails"))).create();
    await().atMost(TIMEOUT).until(() -> deployments(name) == 2);
    rollOut(name);
    awaitCondition(name, "Ready", c -> "True".equals(c.getStatus()));
  }

  int deployments(String stack) {
    return client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, stack).list().getItems().size();
  }

  void rollOut(String stack) {
    client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, stack).list().getItems()
        .forEach(d -> TestCluster.rollOut(client, d));
  }

  String image(String deployment) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
    return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  Map<String, String> childVersions(String stack) {
    Map<String, String> versions = new TreeMap<>();
    client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, stack).list().getItems()
        .forEach(d -> versions.put(d.getMetadata().getName(), d.getMetadata().getResourceVersion()));
    client.services().inNamespace(NS).withLabel(Labels.STACK, stack).list().getItems()
        .forEach(d -> versions.put("svc/" + d.getMetadata().getName(), d.getMetadata().getResourceVersion()));
    return versions;
  }

  Condition condition(String stack, String type) {
    AppStack s = client.resources(AppStack.class).inNamespace(NS).withName(stack).get();
    return s == null || s.getStatus() == null ? null : s.getStatus().condition(type).orElse(null);
  }

  /**
   * The test's own reads may meet a connection a fault closed (dropped watches share the client's pool): they are
   * retried, since what is under test is the operator, not this client.
   */
  Condition awaitCondition(String stack, String type, java.util.function.Predicate<Condition> expected) {
    return await().atMost(TIMEOUT)
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(() -> condition(stack, type), c -> c != null && expected.test(c));
  }
}
