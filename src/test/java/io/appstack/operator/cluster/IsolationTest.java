package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.SchemaHardening;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One tenant's AppStack can never stop the operator for the others: whatever the API server accepts, the
 * operator reads, and a stack it cannot read stalls alone. The CRD refuses an empty quantity today; a stack
 * stored under an older CRD (before the quantity pattern) is still there after the upgrade, in the operator's
 * very first list, and must not stop it.
 */
@Tag(ControlPlaneTests.TAG)
class IsolationTest {
  static ControlPlane cluster;
  static KubernetesClient client;
  static InProcessOperator operator;
  static String tenantA;
  static String tenantB;

  @BeforeAll
  static void start() throws IOException {
    // A control plane of its own: this test installs an older CRD, then upgrades it.
    cluster = ControlPlane.dedicated();
    client = cluster.client("isolation-test");
    tenantA = cluster.namespace("tenant-a");
    tenantB = cluster.namespace("tenant-b");
    cluster.applyCrd(crdWithoutQuantityPattern());
    GenericKubernetesResource poisoned = Serialization.unmarshal(stack("poisoned", "\"\""),
        GenericKubernetesResource.class);
    poisoned.getMetadata().setNamespace(tenantA);
    // What `| quote` of an unset Helm value writes; the older CRD's int-or-string let it through.
    client.resource(poisoned).fieldValidation(Validation.STRICT).create();
    cluster.applyCrd(Path.of(ControlPlaneTests.CRD_FILE));
    operator = new InProcessOperator(cluster.client(InProcessOperator.USER_AGENT), URI.create("http://127.0.0.1:9"),
        Set.of(tenantA, tenantB)).start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The checked-in CRD as it was before quantities had a pattern. */
  static Path crdWithoutQuantityPattern() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(Path.of(ControlPlaneTests.CRD_FILE)),
        CustomResourceDefinition.class);
    removeQuantityPatterns(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    Path file = Files.createTempFile("appstack-crd-older", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, Serialization.asYaml(crd));
    return file;
  }

  static void removeQuantityPatterns(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (SchemaHardening.QUANTITY.equals(schema.getPattern())) {
      schema.setPattern(null);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(IsolationTest::removeQuantityPatterns);
    }
    if (schema.getAdditionalProperties() != null) {
      removeQuantityPatterns(schema.getAdditionalProperties().getSchema());
    }
    if (schema.getItems() != null) {
      removeQuantityPatterns(schema.getItems().getSchema());
    }
  }

  static String stack(String name, String cpu) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          api:
            image: ghcr.io/acme/shop-api:1.4.2
            resources:
              requests: {cpu: %s}
        """.formatted(name, cpu);
  }

  @Test
  void theCrdRefusesAnEmptyQuantity() {
    GenericKubernetesResource empty = Serialization.unmarshal(stack("empty", "\"\""), GenericKubernetesResource.class);
    empty.getMetadata().setNamespace(tenantB);
    // Dry runs until the API server serves the upgraded schema (its CRD handler follows the CRD within moments).
    var refusal = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try {
        client.resource(empty).dryRun().fieldValidation(Validation.STRICT).create();
        return null;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        return e;
      }
    }, e -> e != null);
    assertThat(refusal.getCode()).isEqualTo(422);
    assertThat(refusal.getMessage()).contains("spec.api.resources.requests.cpu in body should match");
  }

  @Test
  void aStackStoredWithAnEmptyCpuRequestNeverStopsTheOthers() {
    GenericKubernetesResource healthy = Serialization.unmarshal(stack("healthy", "250m"),
        GenericKubernetesResource.class);
    healthy.getMetadata().setNamespace(tenantB);
    client.resource(healthy).create();
    Deployment api = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> client.apps().deployments().inNamespace(tenantB).withName("healthy-api").get(),
            d -> d != null);
    assertThat(api.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
        .get("cpu").toString()).isEqualTo("250m");
    // The poisoned stack stalls alone, naming the field, and nothing is made for it.
    Condition stalled = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> client.resources(AppStack.class).inNamespace(tenantA).withName("poisoned").get(),
            s -> s.getStatus() != null && s.getStatus().condition("Stalled").map(c -> "True".equals(c.getStatus()))
                .orElse(false))
        .getStatus().condition("Stalled").orElseThrow();
    assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
    assertThat(stalled.getMessage()).contains("spec.api.resources.requests.cpu", "is not a quantity");
    assertThat(client.apps().deployments().inNamespace(tenantA).list().getItems()).isEmpty();
    assertThat(operator.failures()).isEmpty();
  }

  @Test
  void aStatusNumberTheModelCannotHoldIsRefusedByTheApiServer() {
    GenericKubernetesResource stack = Serialization.unmarshal(stack("counted", "250m"),
        GenericKubernetesResource.class);
    stack.getMetadata().setNamespace(tenantB);
    client.resource(stack).create();
    // Anyone who may write the status subresource could write this; read back it would fail the informer's list.
    String patch = "{\"status\":{\"components\":{\"api\":{\"replicas\":3000000000}}}}";
    assertThatThrownBy(() -> client.genericKubernetesResources("appstack.io/v1alpha1", "AppStack").inNamespace(tenantB)
        .withName("counted").subresource("status").patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            patch))
        .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("status.components.api.replicas", "less than or equal to 2147483647");
        });
  }
}
