package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.appstack.operator.reconcile.ClientSerialization;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LeanObjectsTest {
  /** A Deployment as an API server serves it: the operator's applied field set, and the controller's status. */
  static final String DEPLOYMENT = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"shop-api","namespace":"ns","uid":"u-1",
        "resourceVersion":"42","labels":{"app.kubernetes.io/name":"api"},
        "annotations":{"deployment.kubernetes.io/revision":"1"},
        "managedFields":[
          {"manager":"appstack","operation":"Apply","apiVersion":"apps/v1","time":"2026-12-04T05:00:00Z",
           "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}},
          {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1",
           "time":"2026-12-04T05:00:01Z","fieldsType":"FieldsV1","subresource":"status",
           "fieldsV1":{"f:status":{"f:replicas":{}}}}]},
       "spec":{"replicas":2,"selector":{"matchLabels":{"app.kubernetes.io/name":"api"}},
        "template":{"metadata":{"labels":{"app.kubernetes.io/name":"api"}},
         "spec":{"containers":[{"name":"api","image":"ghcr.io/acme/api:1","args":["--port","8080"],
           "ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}],
           "resources":{"requests":{"cpu":"250m","memory":"256Mi"}}}]}}},
       "status":{"replicas":2,"readyReplicas":2,"availableReplicas":2}}""";

  final ObjectMapper mapper = ClientSerialization.configure(new ObjectMapper());
  final KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);

  @Test
  void readsAsItWasSaveTheOtherManagersFieldSets() throws Exception {
    Deployment lean = LeanObjects.lean(serialization.unmarshal(DEPLOYMENT, Deployment.class));

    JsonNode expected = mapper.readTree(DEPLOYMENT);
    ((ArrayNode) expected.at("/metadata/managedFields")).remove(1);
    assertThat(mapper.readTree(serialization.asJson(lean))).isEqualTo(expected);
    assertThat(lean.getMetadata().getManagedFields()).singleElement()
        .satisfies(e -> assertThat(e.getManager()).isEqualTo("appstack"));
    assertThat(lean.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void everyEmptyCollectionIsTheSharedEmptyAndCannotBeChanged() {
    Deployment lean = LeanObjects.lean(serialization.unmarshal(DEPLOYMENT, Deployment.class));

    var container = lean.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv()).isSameAs(Collections.emptyList());
    assertThat(container.getAdditionalProperties()).isSameAs(Collections.emptyMap());
    assertThat(lean.getMetadata().getFinalizers()).isSameAs(Collections.emptyList());
    assertThat(lean.getSpec().getTemplate().getSpec().getVolumes()).isSameAs(Collections.emptyList());
    assertThat(container.getResources().getRequests().get("cpu").getAdditionalProperties())
        .isSameAs(Collections.emptyMap());
    // What was read is still what it was, and a cached object changed by mistake fails where it is changed.
    assertThat(container.getArgs()).containsExactly("--port", "8080");
    assertThatThrownBy(() -> container.getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> container.getArgs().add("--verbose")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> lean.getMetadata().getLabels().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    // A builder copies: the cache's object is a template for a new one as before.
    Deployment edited = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(lean).editSpec()
        .editTemplate().editSpec().editFirstContainer().addNewEnv().withName("A").withValue("1").endEnv()
        .endContainer().endSpec().endTemplate().endSpec().build();
    assertThat(edited.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).hasSize(1);
    assertThat(container.getEnv()).isEmpty();
  }

  @Test
  void equalTextsAreOneStringAcrossObjects() {
    Deployment a = LeanObjects.lean(serialization.unmarshal(DEPLOYMENT, Deployment.class));
    Deployment b = LeanObjects.lean(serialization.unmarshal(DEPLOYMENT.replace("shop-api", "blog-api"),
        Deployment.class));

    var containerA = a.getSpec().getTemplate().getSpec().getContainers().get(0);
    var containerB = b.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(containerA.getImage()).isSameAs(containerB.getImage());
    assertThat(containerA.getArgs().get(0)).isSameAs(containerB.getArgs().get(0));
    assertThat(containerA.getPorts().get(0).getProtocol()).isSameAs(containerB.getPorts().get(0).getProtocol());
    assertThat(a.getMetadata().getLabels().get("app.kubernetes.io/name"))
        .isSameAs(b.getMetadata().getLabels().get("app.kubernetes.io/name"));
    assertThat(a.getMetadata().getName()).isEqualTo("shop-api");
    assertThat(b.getMetadata().getName()).isEqualTo("blog-api");
  }

  @Test
  void aMapKeepsItsOrderAndReadsAsAMap() throws Exception {
    String json = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"ns",
          "labels":{"zeta":"1","alpha":"2","mid":"3"}},"data":{"b":"Yg==","a":"YQ=="}}""";
    Secret lean = LeanObjects.lean(serialization.unmarshal(json, Secret.class));

    var sorted = java.util.Map.of("alpha", "2", "mid", "3", "zeta", "1");
    assertThat(lean.getMetadata().getLabels()).isInstanceOf(FrozenMap.class).isEqualTo(sorted);
    assertThat(lean.getMetadata().getLabels().keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(lean.getMetadata().getLabels().get("mid")).isEqualTo("3");
    assertThat(lean.getMetadata().getLabels().get("none")).isNull();
    assertThat(lean.getMetadata().getLabels().hashCode()).isEqualTo(sorted.hashCode());
    assertThat(serialization.asJson(lean)).contains("{\"zeta\":\"1\",\"alpha\":\"2\",\"mid\":\"3\"}");
    assertThat(lean.getData().keySet()).containsExactly("b", "a");
  }

  @Test
  void aSecretKeepsItsData() throws Exception {
    String json = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"ns"},"type":"Opaque",
         "data":{"password":"c2VjcmV0","url":"cmVkaXM6Ly9y"}}""";
    Secret lean = LeanObjects.lean(serialization.unmarshal(json, Secret.class));

    assertThat(mapper.readTree(serialization.asJson(lean))).isEqualTo(mapper.readTree(json));
    assertThat(lean.getData()).containsEntry("password", "c2VjcmV0");
    assertThat(lean.getStringData()).isSameAs(Collections.emptyMap());
  }

  @Test
  void aLeanObjectMadeLeanAgainIsUnchanged() throws Exception {
    Deployment once = LeanObjects.lean(serialization.unmarshal(DEPLOYMENT, Deployment.class));
    String json = serialization.asJson(once);

    Deployment twice = LeanObjects.lean(once);
    assertThat(twice).isSameAs(once);
    assertThat(mapper.readTree(serialization.asJson(twice))).isEqualTo(mapper.readTree(json));
  }

  @Test
  void anObjectWithoutMetadataOrFieldSetsIsLeftWhole() throws Exception {
    ObjectNode bare = (ObjectNode) mapper.readTree(DEPLOYMENT);
    ((ObjectNode) bare.get("metadata")).remove("managedFields");
    Deployment lean = LeanObjects.lean(serialization.unmarshal(bare.toString(), Deployment.class));

    assertThat(mapper.readTree(serialization.asJson(lean))).isEqualTo(bare);
  }
}
