package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.reconcile.runtime.ClientSerialization;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactItemStoreTest {
  /** A Deployment as an API server serves it: the operator's applied field set, and the controller's status. */
  static final String DEPLOYMENT = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"shop-api","namespace":"ns",
        "uid":"0b6f7f5e-2d7a-4c1e-9a55-0d5b8e0f4a11","resourceVersion":"42","generation":3,
        "creationTimestamp":"2026-12-04T05:00:00Z","labels":{"app.kubernetes.io/name":"api"},
        "annotations":{"deployment.kubernetes.io/revision":"1"},
        "ownerReferences":[{"apiVersion":"appstack.io/v1alpha1","kind":"AppStack","name":"shop",
          "uid":"9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f","controller":true,"blockOwnerDeletion":true}],
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
       "status":{"replicas":2,"readyReplicas":2,"availableReplicas":2,
        "conditions":[{"type":"Available","status":"True","lastTransitionTime":"2026-12-04T05:00:05Z",
          "reason":"MinimumReplicasAvailable","message":"Deployment has minimum availability."}]}}""";

  final ObjectMapper mapper = ClientSerialization.configure(new ObjectMapper());
  final KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);

  @Test
  void readsBackWhatWasReadSaveTheOtherManagersFieldSets() throws Exception {
    CompactItemStore<Deployment> store = new CompactItemStore<>(serialization);
    Deployment read = deployment("shop-api", "42");
    store.put(store.getKey(read), read);

    Deployment cached = store.get("ns/shop-api");
    JsonNode expected = mapper.readTree(DEPLOYMENT);
    ((ArrayNode) expected.at("/metadata/managedFields")).remove(1);
    assertThat(mapper.readTree(serialization.asJson(cached))).isEqualTo(expected);
    assertThat(cached.getStatus().getReadyReplicas()).isEqualTo(2);
    // The informer's object itself is left as read (its other field sets were only left out of the bytes).
    assertThat(read.getMetadata().getManagedFields()).hasSize(2);
  }

  @Test
  void anObjectWithoutFieldSetsIsKeptWhole() throws Exception {
    ObjectNode bare = (ObjectNode) mapper.readTree(DEPLOYMENT);
    ((ObjectNode) bare.get("metadata")).remove("managedFields");
    CompactItemStore<Deployment> store = new CompactItemStore<>(serialization);
    store.put("ns/shop-api", serialization.unmarshal(bare.toString(), Deployment.class));

    assertThat(mapper.readTree(serialization.asJson(store.get("ns/shop-api")))).isEqualTo(bare);
  }

  @Test
  void aSecretKeepsItsDataInOrder() throws Exception {
    String json = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"ns",
          "labels":{"zeta":"1","alpha":"2","mid":"3"}},"type":"Opaque",
         "data":{"password":"c2VjcmV0","url":"cmVkaXM6Ly9y"}}""";
    CompactItemStore<Secret> store = new CompactItemStore<>(serialization);
    store.put("ns/s", serialization.unmarshal(json, Secret.class));

    Secret cached = store.get("ns/s");
    assertThat(mapper.readTree(serialization.asJson(cached))).isEqualTo(mapper.readTree(json));
    assertThat(cached.getMetadata().getLabels().keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(cached.getData()).containsEntry("password", "c2VjcmV0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", ""})
  void anAppStackWithAQuantityKubernetesRejectsIsReadBackAsTheClientReadIt(String cpu) throws Exception {
    String json = """
        {"apiVersion":"appstack.io/v1alpha1","kind":"AppStack","metadata":{"name":"shop","namespace":"ns",
          "uid":"u-1","resourceVersion":"7","generation":2},
         "spec":{"api":{"image":"ghcr.io/acme/api:1","resources":{"requests":{"cpu":"%s"}}}},
         "status":{"observedGeneration":2,"phase":"Small"}}""".formatted(cpu);
    AppStack read = serialization.unmarshal(json, AppStack.class);
    CompactItemStore<AppStack> store = new CompactItemStore<>(serialization);
    store.put(store.getKey(read), read);

    AppStack cached = store.get("ns/shop");
    assertThat(serialization.asJson(cached)).isEqualTo(serialization.asJson(read));
    assertThat(cached.getSpec().api().resources().getRequests().get("cpu").toString()).isEqualTo(cpu);
  }

  @Test
  void aReadIsSharedUntilTheObjectChangesAndPutAndRemoveReturnWhatWasThere() {
    CompactItemStore<Deployment> store = new CompactItemStore<>(serialization);
    assertThat(store.put("ns/shop-api", deployment("shop-api", "42"))).isNull();

    Deployment first = store.get("ns/shop-api");
    assertThat(store.get("ns/shop-api")).isSameAs(first); // the reconcile's second read of it decodes nothing

    Deployment old = store.put("ns/shop-api", deployment("shop-api", "43"));
    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("42");
    Deployment changed = store.get("ns/shop-api");
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.getMetadata().getResourceVersion()).isEqualTo("43");

    store.put("ns/blog-api", deployment("blog-api", "44"));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.keySet()).containsExactlyInAnyOrder("ns/shop-api", "ns/blog-api");
    assertThat(store.values().map(d -> d.getMetadata().getName())).containsExactlyInAnyOrder("shop-api", "blog-api");

    assertThat(store.remove("ns/shop-api").getMetadata().getResourceVersion()).isEqualTo("43");
    assertThat(store.get("ns/shop-api")).isNull();
    assertThat(store.remove("ns/shop-api")).isNull();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void theSameChildOfManyStacksPacksToAFewHundredBytes() {
    CompactItemStore<Deployment> store = new CompactItemStore<>(serialization);
    int json = 0;
    for (int i = 0; i < 200; i++) {
      Deployment d = deployment("stack-" + i + "-api", String.valueOf(1000 + i));
      d.getMetadata().setUid(UUID.randomUUID().toString());
      d.getMetadata().getOwnerReferences().get(0).setUid(UUID.randomUUID().toString());
      json += serialization.asJson(d).length();
      store.put(store.getKey(d), d);
    }
    // Each differs from the first in its names, uids and version: a few dozen bytes each, against ~1.5 KB of JSON.
    assertThat(store.packedBytes() / 200).isLessThan(json / 200 / 8);
    assertThat(store.get("ns/stack-199-api").getMetadata().getName()).isEqualTo("stack-199-api");
  }

  @Test
  void concurrentReadersSeeOneOfTheVersionsWritten() throws Exception {
    CompactItemStore<Deployment> store = new CompactItemStore<>(serialization);
    store.put("ns/shop-api", deployment("shop-api", "0"));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        readers.add(threads.submit(() -> {
          List<String> seen = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            seen.add(store.get("ns/shop-api").getMetadata().getResourceVersion());
          }
          return seen;
        }));
      }
      Future<?> writer = threads.submit(() -> {
        for (int v = 1; v <= 200; v++) {
          store.put("ns/shop-api", deployment("shop-api", String.valueOf(v)));
        }
      });
      writer.get();
      for (Future<List<String>> reader : readers) {
        List<Integer> versions = reader.get().stream().map(Integer::parseInt).toList();
        assertThat(versions).allSatisfy(v -> assertThat(v).isBetween(0, 200));
        assertThat(versions).isSorted(); // a reader never goes back to an older version
      }
      assertThat(store.get("ns/shop-api").getMetadata().getResourceVersion()).isEqualTo("200");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aStoreServesOneInformerOnly() {
    // JOSDK gives an event source's informers one store; fabric8's list of one namespace would drop the others'.
    assertThat(CompactItemStore.forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET, serialization)).isNotNull(); // every namespace
    assertThat(CompactItemStore.forNamespaces(Set.of("team-a"), serialization)).isNotNull();
    assertThat(CompactItemStore.<Deployment>forNamespaces(Set.of("team-a"), serialization))
        .isNotSameAs(CompactItemStore.<Deployment>forNamespaces(Set.of("team-a"), serialization));
    assertThat(CompactItemStore.forNamespaces(Set.of("team-a", "team-b"), serialization)).isNull();
  }

  private Deployment deployment(String name, String resourceVersion) {
    Deployment d = serialization.unmarshal(DEPLOYMENT.replace("shop-api", name), Deployment.class);
    d.getMetadata().setResourceVersion(resourceVersion);
    return d;
  }
}
