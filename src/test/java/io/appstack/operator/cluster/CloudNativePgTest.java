package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.datatier.cnpg.CnpgCluster;
import io.appstack.operator.datatier.cnpg.CnpgPooler;
import io.appstack.operator.datatier.cnpg.CnpgScheduledBackup;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A production primary through CloudNativePG, on a real control plane with CloudNativePG's CRDs (from the pinned
 * module): first not installed (the stack stalls, saying what to install), then installed (the stack converges).
 * No CloudNativePG operator runs here, so the test writes the Cluster's status and its app Secret as it would.
 */
@Tag(ControlPlaneTests.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudNativePgTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("cnpg").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  /** Under spec.database. */
  static final String BACKUP = """
          backup:
            schedule: "0 30 2 * * *"
            retention: 14d
            objectStore:
              destinationPath: s3://backups/orders
              endpointURL: https://minio.storage.svc:9000
              s3Credentials: {secretName: s3}
      """;

  static String stack(String name, String phase, String policy, String extra) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          phase: %s
          deletionPolicy: %s
          autoscaling: {pollInterval: 2s}
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          database:
            primary:
              cloudNativePG: {database: orders, owner: orders, storage: 5Gi, memory: 1Gi}
        %s""".formatted(name, phase, policy, extra);
  }

  @Test
  @Order(1)
  void aStackStallsUntilCloudNativePgIsInstalledThenRunsItsDatabaseThroughIt() {
    stacks.create(stack("orders", "Medium", "Retain", ""));
    var stalled = stacks.awaitCondition("orders", "Stalled", "True");
    assertThat(stalled.getMessage()).contains("spec.database.primary.cloudNativePG", "CloudNativePG is not installed",
        "postgresql.cnpg.io/v1");
    assertThat(stacks.get(StatefulSet.class, "orders-postgres")).as("no stand-in database").isNull();

    ControlPlaneTests.installCloudNativePg(stacks.cluster);
    // The operator looks again within 30 s of its last look.
    CnpgCluster cluster = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.get(CnpgCluster.class, "orders-pg"), c -> c != null);
    Map<String, Object> spec = cluster.getSpec();
    // The API server adds CloudNativePG's schema defaults (resizeInUseVolumes, ...) beside what the operator owns.
    assertThat(spec.get("storage")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("size", "5Gi").doesNotContainKey("storageClass");
    assertThat(spec).containsEntry("instances", 1)
        .containsEntry("bootstrap", Map.of("initdb", Map.of("database", "orders", "owner", "orders")))
        .containsEntry("postgresql", Map.of("parameters", Map.of("max_connections", "100")))
        .containsEntry("resources", Map.of("requests", Map.of("memory", "1Gi"), "limits", Map.of("memory", "1Gi")))
        .doesNotContainKeys("affinity", "backup", "imageName");
    assertThat(cluster.getMetadata().getOwnerReferences()).as("Retain: the Cluster outlives the stack").isEmpty();

    // Medium turns PgBouncer on: CloudNativePG's Pooler, sized and configured from the spec.
    CnpgPooler pooler = stacks.await(CnpgPooler.class, "orders-pg-pooler");
    assertThat(pooler.getSpec()).containsEntry("cluster", Map.of("name", "orders-pg")).containsEntry("type", "rw")
        .containsEntry("instances", 2);
    assertThat(pooler.getSpec().get("pgbouncer")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("poolMode", "transaction").containsEntry("parameters", Map.of(
            "default_pool_size", "20", "max_client_conn", "1000", "reserve_pool_size", "5",
            "max_prepared_statements", "200"));

    // CloudNativePG bootstraps: its app Secret, then its status.
    assertThat(connections("orders")).as("no credentials before CloudNativePG made them")
        .doesNotContainKey("DATABASE_URL");
    stacks.client.resource(new SecretBuilder().withNewMetadata().withName("orders-pg-app").withNamespace(stacks.ns)
        .endMetadata().withType("kubernetes.io/basic-auth")
        .withStringData(Map.of("username", "orders", "password", "Zx81-generated")).build()).create();
    writeStatus("orders-pg", 1, 1, "Cluster in healthy state", "orders-pg-1");
    poolerPods("orders-pg-pooler", 2);
    // Through the Pooler once it serves (the primary's -rw Service until then).
    await().atMost(ClusterStacks.TIMEOUT).until(() -> connections("orders").get("DATABASE_URL"),
        "postgresql://orders:Zx81-generated@orders-pg-pooler:5432/orders"::equals);
    var database = stacks.awaitCondition("orders", "Database", "True");
    assertThat(database.getReason()).isEqualTo("Healthy");
    assertThat(database.getMessage()).contains("1/1 instances ready", "Cluster in healthy state", "orders-pg-1");
    assertThat(stacks.stack("orders").getStatus().components().database().readyReplicas()).isEqualTo(1);

    // A failover shows in the stack's status, as CloudNativePG reports it.
    writeStatus("orders-pg", 1, 0, "Failing over", null);
    var failing = stacks.awaitCondition("orders", "Database", "False");
    assertThat(failing.getReason()).isEqualTo("FailingOver");
    stacks.awaitCondition("orders", "Ready", "False");
    assertThat(stacks.condition("orders", "Ready").orElseThrow().getMessage()).contains("Failing over");
    writeStatus("orders-pg", 1, 1, "Cluster in healthy state", "orders-pg-1");
    stacks.awaitCondition("orders", "Database", "True");

    // Large: two read replicas, as instances of the Cluster; the read URL once they are ready.
    stacks.replaceSpec("orders", stack("orders", "Large", "Retain", ""));
    await().atMost(ClusterStacks.TIMEOUT)
        .until(() -> stacks.get(CnpgCluster.class, "orders-pg").getSpec().get("instances"), Integer.valueOf(3)::equals);
    assertThat(connections("orders")).doesNotContainKey("DATABASE_READ_URL");
    writeStatus("orders-pg", 3, 3, "Cluster in healthy state", "orders-pg-1");
    // PgBouncer is on: reads go through a Pooler of the replicas (type ro), sized as the primary's.
    CnpgPooler readPooler = stacks.await(CnpgPooler.class, "orders-pg-pooler-ro");
    assertThat(readPooler.getSpec()).containsEntry("type", "ro").containsEntry("instances", 2);
    assertThat(connections("orders")).as("not before its pods serve").doesNotContainKey("DATABASE_READ_URL");
    poolerPods("orders-pg-pooler-ro", 2);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> connections("orders").containsKey("DATABASE_READ_URL"));
    assertThat(connections("orders").get("DATABASE_READ_URL"))
        .isEqualTo("postgresql://orders:Zx81-generated@orders-pg-pooler-ro:5432/orders");

    // An operator restart: its first reconcile reads CloudNativePG's objects directly (their informers start with
    // it), so nothing is planned as if the Cluster were gone: no instance removed, no condition flipped.
    String healthySince = stacks.condition("orders", "Database").orElseThrow().getLastTransitionTime();
    stacks.operator().close();
    stacks.startOperator(URI.create("http://127.0.0.1:9"));
    await().pollDelay(Duration.ofSeconds(6)).atMost(ClusterStacks.TIMEOUT).until(() -> true);
    assertThat(stacks.get(CnpgCluster.class, "orders-pg").getSpec().get("instances")).isEqualTo(3);
    assertThat(stacks.condition("orders", "Database").orElseThrow().getLastTransitionTime()).isEqualTo(healthySince);
    assertThat(connections("orders")).containsKey("DATABASE_READ_URL");

    // Back to Medium: the apps leave the replicas, then the Cluster shrinks to its primary.
    stacks.replaceSpec("orders", stack("orders", "Medium", "Retain", ""));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> !connections("orders").containsKey("DATABASE_READ_URL"));
    await().atMost(ClusterStacks.TIMEOUT)
        .until(() -> stacks.get(CnpgCluster.class, "orders-pg").getSpec().get("instances"), Integer.valueOf(1)::equals);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(CnpgPooler.class, "orders-pg-pooler-ro") == null);

    // Backups: passed through to the Cluster, and a ScheduledBackup.
    stacks.client.resource(new SecretBuilder().withNewMetadata().withName("s3").withNamespace(stacks.ns).endMetadata()
        .withStringData(Map.of("ACCESS_KEY_ID", "id", "ACCESS_SECRET_KEY", "key")).build()).create();
    stacks.replaceSpec("orders", stack("orders", "Medium", "Retain", BACKUP));
    CnpgScheduledBackup scheduled = stacks.await(CnpgScheduledBackup.class, "orders-pg-backup");
    assertThat(scheduled.getSpec()).containsEntry("schedule", "0 30 2 * * *")
        .containsEntry("cluster", Map.of("name", "orders-pg")).containsEntry("backupOwnerReference", "cluster");
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(CnpgCluster.class, "orders-pg").getSpec()
        .containsKey("backup"));
    assertThat(stacks.get(CnpgCluster.class, "orders-pg").getSpec().get("backup"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsAllEntriesOf(Map.of(
        "retentionPolicy", "14d", "barmanObjectStore", Map.of("destinationPath", "s3://backups/orders",
            "endpointURL", "https://minio.storage.svc:9000", "s3Credentials", Map.of(
                "accessKeyId", Map.of("name", "s3", "key", "ACCESS_KEY_ID"),
                "secretAccessKey", Map.of("name", "s3", "key", "ACCESS_SECRET_KEY")))));

    // Deleting the stack with Retain keeps the Cluster (and so its volumes); the Pooler goes with the stack.
    stacks.client.resource(stacks.stack("orders")).delete();
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(CnpgPooler.class, "orders-pg-pooler") == null);
    await().pollDelay(Duration.ofSeconds(2)).atMost(ClusterStacks.TIMEOUT).until(() -> true);
    assertThat(stacks.get(CnpgCluster.class, "orders-pg")).as("kept with its data").isNotNull();
  }

  @Test
  @Order(2)
  void withDeletionPolicyDeleteTheClusterGoesWithTheStack() {
    ControlPlaneTests.installCloudNativePg(stacks.cluster);
    stacks.create(stack("scratch", "Small", "Delete", ""));
    CnpgCluster cluster = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.get(CnpgCluster.class, "scratch-pg"), c -> c != null);
    assertThat(cluster.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("scratch"));
    assertThat(stacks.get(CnpgPooler.class, "scratch-pg-pooler")).as("Small: no PgBouncer").isNull();
    stacks.client.resource(stacks.stack("scratch")).delete();
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(CnpgCluster.class, "scratch-pg") == null);
  }

  Map<String, String> connections(String name) {
    Secret secret = stacks.get(Secret.class, name + "-connections");
    return secret == null ? Map.of() : ClusterStacks.decoded(secret);
  }

  void writeStatus(String name, int instances, int ready, String phase, String primary) {
    var status = new java.util.LinkedHashMap<String, Object>(Map.of("instances", instances, "readyInstances", ready,
        "phase", phase));
    if (primary != null) {
      status.put("currentPrimary", primary);
    }
    stacks.client.resources(CnpgCluster.class).inNamespace(stacks.ns).withName(name).editStatus(c -> {
      c.setStatus(status);
      return c;
    });
  }

  /** CloudNativePG runs a Pooler as a Deployment of its name; here the real Deployment controller and kwok do. */
  void poolerPods(String name, int replicas) {
    Map<String, String> labels = Map.of("cnpg.io/poolerName", name);
    stacks.client.resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(stacks.ns)
        .withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              // As CloudNativePG's own: the namespace enforces the restricted Pod Security Standard.
              .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(998L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
              .addNewContainer().withName("pgbouncer").withImage("ghcr.io/cloudnative-pg/pgbouncer:1.25.2")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false)
                  .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
              .endContainer()
            .endSpec()
          .endTemplate()
        .endSpec().build()).create();
    stacks.awaitRolledOut(name);
  }
}
