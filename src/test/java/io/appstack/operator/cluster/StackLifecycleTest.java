package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.testing.StackEdits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A whole stack's life on a real control plane, with the operator applying every child by server-side apply
 * as production does: the real Deployment and StatefulSet controllers make the pods, kwok runs them, the
 * namespace enforces the restricted Pod Security Standard, and deleting the AppStack leaves the children to
 * the real garbage collector.
 */
@Tag(ControlPlaneTests.TAG)
class StackLifecycleTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    // Nothing listens on the discard port: metrics are unavailable, which holds replica counts.
    stacks = new ClusterStacks("lifecycle").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  static final String MINIMAL = """
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: shop}
      spec:
        api: {image: ghcr.io/acme/shop-api:1.4.2, port: 8080, healthPath: /health/ready}
        workers:
          - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
      """;

  @Test
  void aStackIsAppliedByTheOperatorRunsAndRollsAndItsPoolsComeAndGo() {
    AppStack created = stacks.create(MINIMAL);

    List<HasMetadata> children = List.of(stacks.await(Deployment.class, "shop-api"),
        stacks.await(Deployment.class, "shop-worker-emails"), stacks.await(Service.class, "shop-api"),
        stacks.await(PodDisruptionBudget.class, "shop-api"), stacks.await(Secret.class, "shop-connections"));
    for (HasMetadata child : children) {
      assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind()).singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
      assertThat(ClusterStacks.operatorEntries(child)).as(child.getKind() + " applied by the operator")
          .isNotEmpty().allSatisfy(e -> assertThat(e.getOperation()).isEqualTo("Apply"));
    }

    // The real controllers make the pods (admitted under the restricted standard) and kwok makes them Ready.
    stacks.awaitRolledOut("shop-api");
    stacks.awaitRolledOut("shop-worker-emails");
    Condition ready = stacks.awaitCondition("shop", "Ready", "True");
    assertThat(ready.getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    assertThat(stacks.stack("shop").getStatus().summary().api()).isEqualTo("2/2");
    assertThat(pods("shop")).hasSize(4).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

    // An image change rolls the API's pods to the new image and leaves the workers alone.
    String workerVersion = stacks.get(Deployment.class, "shop-worker-emails").getMetadata().getResourceVersion();
    StackEdits.edit(stacks.client, stacks.ns, "shop",
        s -> s.withApi(s.api().withImage("ghcr.io/acme/shop-api:1.5.0")));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> pods("shop").stream()
        .filter(p -> "api".equals(p.getMetadata().getLabels().get(Labels.COMPONENT)))
        .map(p -> p.getSpec().getContainers().get(0).getImage()).toList(),
        images -> images.size() == 2 && images.stream().allMatch("ghcr.io/acme/shop-api:1.5.0"::equals));
    stacks.awaitRolledOut("shop-api");
    assertThat(stacks.get(Deployment.class, "shop-worker-emails").getMetadata().getResourceVersion())
        .isEqualTo(workerVersion);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> {
      AppStack s = stacks.stack("shop");
      return s.getStatus().observedGeneration() == s.getMetadata().getGeneration()
          && "True".equals(s.getStatus().condition("Ready").map(Condition::getStatus).orElse(""));
    });

    // A pool added, then the first one removed: only that pool's Deployment comes and goes.
    var reports = io.appstack.operator.api.WorkerSpec.of("reports", "ghcr.io/acme/shop-worker:1.5.0", "reports");
    StackEdits.edit(stacks.client, stacks.ns, "shop", s -> s.withWorkers(List.of(s.workers().get(0), reports)));
    stacks.awaitRolledOut("shop-worker-reports");
    String apiVersion = stacks.get(Deployment.class, "shop-api").getMetadata().getResourceVersion();
    StackEdits.edit(stacks.client, stacks.ns, "shop", s -> s.withWorkers(List.of(s.workers().get(1))));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(Deployment.class, "shop-worker-emails") == null);
    // The Deployment's pods go with it (the garbage collector removes its ReplicaSet, whose pods kwok ends).
    await().atMost(ClusterStacks.TIMEOUT).until(() -> pods("shop").stream()
        .noneMatch(p -> "emails".equals(p.getMetadata().getLabels().get(Labels.WORKER_POOL))));
    assertThat(stacks.get(Deployment.class, "shop-api").getMetadata().getResourceVersion()).isEqualTo(apiVersion);
    stacks.awaitCondition("shop", "Ready", "True");
    assertThat(stacks.operator().failures()).isEmpty();
  }

  static String dataTier(String name, String deletionPolicy) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          phase: Medium
          deletionPolicy: %s
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          workers:
            - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
          redis: {mode: Standalone, storage: 1Gi}
          database:
            primary:
              managed: {database: shop, storage: 2Gi}
            pgbouncer: {mode: Enabled}
            readReplicas: {mode: Disabled}
        """.formatted(name, deletionPolicy);
  }

  @Test
  void deletingAStackLeavesItsChildrenToTheGarbageCollectorAndItsVolumesToItsDeletionPolicy() {
    for (String name : List.of("keep", "drop")) {
      stacks.volumeFor("data-" + name + "-redis-0");
      stacks.volumeFor("data-" + name + "-postgres-0");
    }
    stacks.create(dataTier("keep", "Retain"));
    stacks.create(dataTier("drop", "Delete"));
    for (String name : List.of("keep", "drop")) {
      stacks.await(StatefulSet.class, name + "-redis");
      stacks.await(StatefulSet.class, name + "-postgres");
      stacks.awaitRolledOut(name + "-pgbouncer");
      stacks.awaitCondition(name, "Ready", "True");
      assertThat(stacks.get(PersistentVolumeClaim.class, "data-" + name + "-redis-0").getStatus().getPhase())
          .isEqualTo("Bound");
    }
    assertThat(stacks.client.resources(NetworkPolicy.class).inNamespace(stacks.ns).withLabel(Labels.STACK, "keep")
        .list().getItems()).isNotEmpty();
    // Every child the stack owns, data tier included, was written by server-side apply under the operator's
    // field manager, and by nothing else of the operator's.
    List<HasMetadata> children = ownedObjects("keep");
    assertThat(children).extracting(HasMetadata::getKind)
        .contains("Deployment", "StatefulSet", "Service", "PodDisruptionBudget", "Secret", "NetworkPolicy");
    for (HasMetadata child : children) {
      assertThat(ClusterStacks.operatorEntries(child)).as(child.getKind() + " " + child.getMetadata().getName())
          .isNotEmpty().allSatisfy(e -> assertThat(e.getOperation()).isEqualTo("Apply"));
    }

    for (String name : List.of("keep", "drop")) {
      stacks.client.resources(AppStack.class).inNamespace(stacks.ns).withName(name).delete();
    }
    // The garbage collector watches a kind only from its next discovery sync (every 30 s) after the CRD
    // appeared, so on a fresh control plane the children may wait up to that long; then they go at once.
    for (String name : List.of("keep", "drop")) {
      await().atMost(ClusterStacks.TIMEOUT).until(() -> owned(name).isEmpty());
      await().atMost(ClusterStacks.TIMEOUT).until(() -> pods(name).isEmpty());
    }
    // Retain: the volumes (and the credentials that open them) outlive the stack; Delete: they go with it.
    for (String volume : List.of("data-keep-redis-0", "data-keep-postgres-0")) {
      assertThat(stacks.get(PersistentVolumeClaim.class, volume)).as(volume).isNotNull()
          .satisfies(c -> assertThat(c.getMetadata().getDeletionTimestamp()).isNull());
    }
    await().atMost(ClusterStacks.TIMEOUT).until(() ->
        stacks.get(PersistentVolumeClaim.class, "data-drop-redis-0") == null
            && stacks.get(PersistentVolumeClaim.class, "data-drop-postgres-0") == null);
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void aRedisClusterIsFormedByItsJobAsTheRealJobControllerReportsIt() {
    for (int i = 0; i < 6; i++) {
      stacks.volumeFor("data-sharded-redis-cluster-" + i);
    }
    stacks.create("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: sharded}
        spec:
          phase: Large
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          redis: {mode: Cluster, shards: 3, replicasPerShard: 1, storage: 1Gi}
        """);
    StatefulSet nodes = stacks.await(StatefulSet.class, "sharded-redis-cluster");
    assertThat(nodes.getSpec().getReplicas()).isEqualTo(6);
    // The bootstrap Job's pod runs on kwok's node and succeeds; the Job controller marks the Job complete,
    // and only then do the apps move to the cluster.
    Job create = await().atMost(ClusterStacks.TIMEOUT).pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> stacks.get(Job.class, "sharded-redis-cluster-create"),
            j -> j != null && j.getStatus() != null && j.getStatus().getSucceeded() != null
                && j.getStatus().getSucceeded() == 1);
    assertThat(create.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Complete=True"));
    assertThat(ClusterStacks.operatorEntries(create)).isNotEmpty();
    stacks.awaitCondition("sharded", "Ready", "True");
    Secret connections = stacks.get(Secret.class, "sharded-connections");
    assertThat(new String(java.util.Base64.getDecoder().decode(connections.getData().get("REDIS_MODE"))))
        .isEqualTo("cluster");

    // A new Redis image on the live cluster: the nodes roll to it, the Job that formed the cluster stays as
    // the record of that step, and the stack is Ready again.
    String jobUid = create.getMetadata().getUid();
    StackEdits.edit(stacks.client, stacks.ns, "sharded", s -> {
      var r = s.redis();
      return new io.appstack.operator.api.AppStackSpec(s.phase(), s.paused(), s.api(), s.workers(), s.prometheus(),
          s.autoscaling(), s.limits(), new io.appstack.operator.api.data.RedisSpec(r.mode(), r.shards(), r.replicasPerShard(),
              r.storage(), r.maxmemory(), r.maxmemoryPolicy(), "redis:7.2.5"),
          s.database(), s.networkPolicies(), s.deletionPolicy());
    });
    await().atMost(ClusterStacks.TIMEOUT).pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> stacks.get(StatefulSet.class, "sharded-redis-cluster").getSpec().getTemplate().getSpec()
            .getContainers().get(0).getImage(), "redis:7.2.5"::equals);
    await().atMost(ClusterStacks.TIMEOUT).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
      AppStack s = stacks.stack("sharded");
      return s.getStatus().observedGeneration() == s.getMetadata().getGeneration()
          && "True".equals(s.getStatus().condition("Ready").map(Condition::getStatus).orElse(""))
          && "False".equals(s.getStatus().condition("Reconciling").map(Condition::getStatus).orElse(""));
    });
    assertThat(stacks.get(Job.class, "sharded-redis-cluster-create").getMetadata().getUid()).isEqualTo(jobUid);
    assertThat(stacks.operator().failures()).isEmpty();
  }

  /** Every object in the namespace that names the stack as its owner, of the kinds the operator creates. */
  List<String> owned(String stack) {
    return ownedObjects(stack).stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  List<HasMetadata> ownedObjects(String stack) {
    List<HasMetadata> owned = new java.util.ArrayList<>();
    for (Class<? extends HasMetadata> type : List.of(Deployment.class, StatefulSet.class, Service.class,
        PodDisruptionBudget.class, Secret.class, NetworkPolicy.class)) {
      stacks.client.resources(type).inNamespace(stacks.ns).withLabel(Labels.STACK, stack).list().getItems().stream()
          .filter(o -> !o.getMetadata().getOwnerReferences().isEmpty())
          .forEach(owned::add);
    }
    return owned;
  }

  static List<Pod> pods(String stack) {
    return stacks.client.pods().inNamespace(stacks.ns).withLabel(Labels.STACK, stack).list().getItems();
  }
}
