package io.appstack.operator.cluster;

import org.awaitility.Awaitility;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One namespace on the shared control plane with the operator running in it as production runs it (SSA on),
 * and what the tests do there: create stacks from YAML, read them back, wait for conditions.
 */
final class ClusterStacks implements AutoCloseable {
  /** The field manager JOSDK applies children and status with: the controller's name. */
  static final String FIELD_MANAGER = "appstack";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final ControlPlane cluster;
  final String ns;
  /** The test's own client (the admin, as a user running kubectl). */
  final KubernetesClient client;
  private InProcessOperator operator;

  ClusterStacks(String prefix) {
    cluster = ControlPlaneTests.withCrd();
    ns = cluster.namespace(prefix);
    client = cluster.client("appstack-test-driver");
  }

  /** Starts the operator for this namespace; Prometheus where stacks without their own URL are sent. */
  ClusterStacks startOperator(URI prometheus) {
    operator = new InProcessOperator(cluster.client(InProcessOperator.USER_AGENT), prometheus, Set.of(ns)).start();
    return this;
  }

  InProcessOperator operator() {
    return operator;
  }

  AppStack create(String yaml) {
    AppStack stack = Serialization.unmarshal(yaml, AppStack.class);
    stack.getMetadata().setNamespace(ns);
    return client.resource(stack).create();
  }

  /**
   * Replaces the spec of stack {@code name} with the one in {@code yaml}, as {@code kubectl edit} does: a JSON patch of
   * {@code /spec}, with no resourceVersion to race the operator's status patches.
   */
  void replaceSpec(String name, String yaml) {
    var spec = Serialization.unmarshal(yaml, AppStack.class).getSpec();
    client.resources(AppStack.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON),
        "[{\"op\": \"replace\", \"path\": \"/spec\", \"value\": " + Serialization.asJson(spec) + "}]");
  }

  /** A Secret's values, decoded. */
  static Map<String, String> decoded(Secret secret) {
    Map<String, String> values = new TreeMap<>();
    secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return values;
  }

  AppStack stack(String name) {
    return client.resources(AppStack.class).inNamespace(ns).withName(name).get();
  }

  Optional<Condition> condition(String name, String type) {
    AppStack stack = stack(name);
    return stack == null || stack.getStatus() == null ? Optional.empty() : stack.getStatus().condition(type);
  }

  Condition awaitCondition(String name, String type, String status) {
    return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> condition(name, type).orElse(null), c -> c != null && status.equals(c.getStatus()));
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  <T extends HasMetadata> T await(Class<T> type, String name) {
    return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> get(type, name), o -> o != null);
  }

  /** Waits until the Deployment controller reports every replica of the current template updated and ready. */
  Deployment awaitRolledOut(String name) {
    return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> get(Deployment.class, name),
        d -> d != null && d.getStatus() != null
            && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
            && d.getSpec().getReplicas().equals(d.getStatus().getUpdatedReplicas())
            && d.getSpec().getReplicas().equals(d.getStatus().getReadyReplicas())
            && d.getSpec().getReplicas().equals(d.getStatus().getReplicas()));
  }

  /** A volume bound in advance to {@code claim}, which a StatefulSet will make. */
  void volumeFor(String claim) {
    cluster.volumeFor(ns, claim);
  }

  /** The managed-fields entries of {@code object} written by the operator. */
  static List<ManagedFieldsEntry> operatorEntries(HasMetadata object) {
    return object.getMetadata().getManagedFields().stream()
        .filter(e -> FIELD_MANAGER.equals(e.getManager())).toList();
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.close();
  }
}
