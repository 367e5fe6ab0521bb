package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every field of every data-tier part edited on a live stack, one edit after another, on a real control plane:
 * each reaches Ready again with what the edit asked for (or, where a change would lose data or break the
 * cluster, with what runs kept and status saying why).
 */
@Tag(ControlPlaneTests.TAG)
class LiveEditsTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("edits").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  static final String TEMPLATE = """
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: live}
      spec:
        phase: Medium
        deletionPolicy: ${deletionPolicy}
        networkPolicies: ${networkPolicies}
        api: {image: ghcr.io/acme/shop-api:1.4.2}
        workers:
          - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
        redis:
          mode: ${redisMode}
          shards: ${shards}
          replicasPerShard: ${replicasPerShard}
          storage: ${redisStorage}
          maxmemory: ${maxmemory}
          maxmemoryPolicy: ${maxmemoryPolicy}
          image: ${redisImage}
        database:
          maxConnections: ${maxConnections}
          poolSizePerPod: ${poolSizePerPod}
          primary:
            managed: {database: shop, storage: ${primaryStorage}, image: "${primaryImage}"}
          pgbouncer:
            mode: ${pgbouncer}
            poolMode: ${poolMode}
            maxClientConn: ${maxClientConn}
            defaultPoolSize: ${defaultPoolSize}
            reservePoolSize: ${reservePoolSize}
            replicas: ${pgbouncerReplicas}
            image: ${pgbouncerImage}
          readReplicas: {mode: ${readReplicas}, count: ${replicaCount}, storage: ${replicaStorage}}
      """;

  final Map<String, String> values = new LinkedHashMap<>(Map.ofEntries(
      Map.entry("deletionPolicy", "Retain"), Map.entry("networkPolicies", "true"),
      Map.entry("redisMode", "Cluster"), Map.entry("shards", "3"), Map.entry("replicasPerShard", "1"),
      Map.entry("redisStorage", "1Gi"), Map.entry("maxmemory", "256mb"), Map.entry("maxmemoryPolicy", "noeviction"),
      Map.entry("redisImage", "redis:7.2"), Map.entry("maxConnections", "200"), Map.entry("poolSizePerPod", "10"),
      Map.entry("primaryStorage", "2Gi"), Map.entry("primaryImage", "postgres:16"), Map.entry("pgbouncer", "Enabled"),
      Map.entry("poolMode", "transaction"), Map.entry("maxClientConn", "1000"), Map.entry("defaultPoolSize", "20"),
      Map.entry("reservePoolSize", "5"), Map.entry("pgbouncerReplicas", "2"),
      Map.entry("pgbouncerImage", "ghcr.io/cloudnative-pg/pgbouncer:1.25.2"), Map.entry("readReplicas", "Enabled"),
      Map.entry("replicaCount", "1"), Map.entry("replicaStorage", "2Gi")));

  String yaml() {
    String yaml = TEMPLATE;
    for (var e : values.entrySet()) {
      yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
    }
    return yaml;
  }

  @Test
  void everyDataTierFieldEditedOnALiveStackReachesReadyAgain() {
    for (int i = 0; i < 8; i++) {
      stacks.volumeFor("data-live-redis-cluster-" + i);
    }
    stacks.volumeFor("data-live-postgres-0");
    stacks.volumeFor("data-live-postgres-replica-0");
    stacks.volumeFor("data-live-postgres-replica-1");
    stacks.create(yaml());
    awaitReady();
    assertThat(stacks.get(StatefulSet.class, "live-redis-cluster").getSpec().getReplicas()).isEqualTo(6);

    // Redis settings: the nodes roll to the new image and config; the volumes are never resized.
    edit(Map.of("redisImage", "redis:7.2.5", "maxmemory", "512mb", "maxmemoryPolicy", "allkeys-lru",
        "redisStorage", "4Gi"));
    StatefulSet nodes = stacks.get(StatefulSet.class, "live-redis-cluster");
    assertThat(nodes.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("redis:7.2.5");
    assertThat(nodes.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage")
        .toString()).isEqualTo("1Gi");
    assertThat(ClusterStacks.decoded(stacks.get(Secret.class, "live-redis-cluster-config")).get("redis.conf"))
        .contains("maxmemory 512mb", "maxmemory-policy allkeys-lru");

    // One more shard: the grow Job adds its nodes.
    edit(Map.of("shards", "4"));
    assertThat(stacks.get(StatefulSet.class, "live-redis-cluster").getSpec().getReplicas()).isEqualTo(8);
    assertThat(stacks.get(Job.class, "live-redis-cluster-grow-4")).isNotNull();
    assertThat(connections().get("REDIS_CLUSTER_NODES").split(",")).hasSize(8);

    // replicasPerShard is what the cluster was formed with: new replicas would never join it.
    edit(Map.of("replicasPerShard", "2"));
    assertThat(stacks.get(StatefulSet.class, "live-redis-cluster").getSpec().getReplicas()).isEqualTo(8);
    assertThat(connections().get("REDIS_CLUSTER_NODES").split(",")).hasSize(8);
    assertThat(stacks.stack("live").getStatus().condition("Redis").map(Condition::getMessage).orElseThrow())
        .contains("replicasPerShard stays 1");

    // PgBouncer settings: its Deployment and config follow.
    edit(Map.of("poolMode", "session", "maxClientConn", "2000", "defaultPoolSize", "40", "reservePoolSize", "10",
        "pgbouncerReplicas", "3", "pgbouncerImage", "ghcr.io/cloudnative-pg/pgbouncer:1.25.1", "maxConnections", "300",
        "poolSizePerPod", "5"));
    Deployment bouncer = stacks.get(Deployment.class, "live-pgbouncer");
    assertThat(bouncer.getSpec().getReplicas()).isEqualTo(3);
    assertThat(bouncer.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/cloudnative-pg/pgbouncer:1.25.1");
    assertThat(ClusterStacks.decoded(stacks.get(Secret.class, "live-pgbouncer-config")).get("pgbouncer.ini"))
        .contains("pool_mode = session", "max_client_conn = 2000", "default_pool_size = 40");

    // Read replicas and the primary: one more replica; a new primary image waits for the pod's next restart.
    edit(Map.of("replicaCount", "2", "replicaStorage", "4Gi", "primaryStorage", "8Gi",
        "primaryImage", "postgres:16.4"));
    assertThat(stacks.get(StatefulSet.class, "live-postgres-replica").getSpec().getReplicas()).isEqualTo(2);
    StatefulSet primary = stacks.get(StatefulSet.class, "live-postgres");
    assertThat(primary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:16.4");
    assertThat(primary.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(primary.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests()
        .get("storage").toString()).isEqualTo("2Gi");

    // PgBouncer and the replicas off: the apps move to the primary, then they go.
    edit(Map.of("pgbouncer", "Disabled", "readReplicas", "Disabled"));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(Deployment.class, "live-pgbouncer") == null
        && stacks.get(StatefulSet.class, "live-postgres-replica") == null);
    assertThat(connections()).containsEntry("DATABASE_HOST", "live-postgres").doesNotContainKey("DATABASE_READ_URL");

    // Policies off and volumes deleted with the stack from now on.
    edit(Map.of("networkPolicies", "false", "deletionPolicy", "Delete"));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.client.resources(NetworkPolicy.class)
        .inNamespace(stacks.ns).withLabel("appstack.io/stack", "live").list().getItems().isEmpty());
    assertThat(stacks.get(StatefulSet.class, "live-postgres").getSpec().getPersistentVolumeClaimRetentionPolicy()
        .getWhenDeleted()).isEqualTo("Delete");

    // A cluster is never moved back to standalone (it would lose keys): it keeps serving, and status says so.
    edit(Map.of("redisMode", "Standalone"));
    assertThat(connections()).containsEntry("REDIS_MODE", "cluster");
    assertThat(stacks.stack("live").getStatus().condition("Redis").map(Condition::getMessage).orElseThrow())
        .contains("never moved back to standalone");
    assertThat(stacks.operator().failures()).isEmpty();
  }

  /** Applies the changed values as kubectl edit would, then waits for Ready on the new generation. */
  void edit(Map<String, String> changes) {
    values.putAll(changes);
    stacks.replaceSpec("live", yaml());
    awaitReady();
  }

  static void awaitReady() {
    await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
      AppStack s = stacks.stack("live");
      return s.getStatus() != null && s.getStatus().observedGeneration() == s.getMetadata().getGeneration()
          && "True".equals(s.getStatus().condition("Ready").map(Condition::getStatus).orElse(""))
          && "False".equals(s.getStatus().condition("Reconciling").map(Condition::getStatus).orElse(""));
    });
  }

  static Map<String, String> connections() {
    return ClusterStacks.decoded(stacks.get(Secret.class, "live-connections"));
  }
}
