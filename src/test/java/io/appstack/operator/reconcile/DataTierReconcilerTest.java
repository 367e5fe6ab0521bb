package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.DeletionPolicy;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.PhaseMode;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.ExternalPrimary;
import io.appstack.operator.api.data.ManagedPrimary;
import io.appstack.operator.api.data.PgBouncerSpec;
import io.appstack.operator.api.data.PrimarySpec;
import io.appstack.operator.api.data.ReadReplicasSpec;
import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.api.data.Toggle;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.testing.NetworkPolicyEvaluator;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The data tier's Kubernetes objects against fabric8's mock API server in CRUD mode. The mock has no
 * controllers: the tests play the StatefulSet, Deployment and Job controllers by writing status.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class DataTierReconcilerTest {
  static final String NS = TestCluster.NAMESPACE;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  KubernetesClient client;

  @Test
  void smallStackRunsStandaloneRedisAndAManagedPrimaryWithoutPgBouncer() {
    String name = "small";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Small, redis(),
        managed(Toggle.Auto), DeletionPolicy.Retain))).create();

    StatefulSet redis = awaitGet(StatefulSet.class, name + "-redis");
    StatefulSet primary = awaitGet(StatefulSet.class, name + "-postgres");
    awaitGet(Service.class, name + "-redis");
    awaitGet(Service.class, name + "-postgres");
    Secret redisPassword = awaitGet(Secret.class, name + "-redis");
    Secret config = awaitGet(Secret.class, name + "-redis-config");
    Secret credentials = awaitGet(Secret.class, name + "-postgres");
    awaitGet(Secret.class, name + "-postgres-replication");

    assertThat(redis.getSpec().getReplicas()).isEqualTo(1);
    assertThat(redis.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage")
        .toString()).isEqualTo("2Gi");
    String password = decoded(redisPassword).get("password");
    assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
    assertThat(decoded(config).get("redis.conf")).contains("requirepass \"" + password + "\"", "maxmemory 64mb",
        "maxmemory-policy noeviction", "appendonly yes", "protected-mode yes");
    assertThat(primary.getSpec().getUpdateStrategy().getType()).as("nothing restarts the primary").isEqualTo("OnDelete");
    assertThat(primary.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("wal_level=replica", "max_connections=100");
    for (StatefulSet set : List.of(redis, primary)) {
      assertRestricted(set.getSpec().getTemplate().getSpec());
      assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
      assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    }
    assertThat(credentials.getMetadata().getOwnerReferences()).as("retained with the volumes").isNullOrEmpty();
    assertThat(get(Deployment.class, name + "-pgbouncer")).as("Small: PgBouncer off").isNull();
    assertThat(get(StatefulSet.class, name + "-postgres-replica")).isNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).withLabel(Labels.STACK, name).list()
        .getItems()).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(name + "-redis", name + "-postgres");

    Map<String, String> connections = decoded(awaitGet(Secret.class, name + "-connections"));
    assertThat(connections).containsEntry("REDIS_MODE", "standalone").containsEntry("DATABASE_VIA", "primary")
        .containsEntry("REDIS_URL", "redis://:" + password + "@" + name + "-redis:6379/0")
        .containsEntry("DATABASE_HOST", name + "-postgres")
        .containsEntry("DATABASE_PASSWORD", decoded(credentials).get("password"))
        .doesNotContainKey("DATABASE_READ_URL");

    readyStatefulSets(name);
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");
    AppStack stack = stack(name);
    assertThat(condition(stack, "ConnectionBudget").getStatus()).isEqualTo("True");
    assertThat(condition(stack, "ReadReplicas").getReason()).isEqualTo("NotRequested");
    assertThat(stack.getStatus().components().redis().lastDecision()).startsWith("standalone");
    assertThat(stack.getStatus().toString()).doesNotContain(password).doesNotContain(decoded(credentials).get("password"));

    // The generated passwords survive reconciles and spec changes.
    update(name, s -> s.withApi(s.api().withImage("ghcr.io/acme/small-api:2")));
    awaitCondition(name, "Reconciling", "True");
    assertThat(decoded(get(Secret.class, name + "-redis")).get("password")).isEqualTo(password);
    assertThat(get(Secret.class, name + "-postgres").getMetadata().getUid())
        .isEqualTo(credentials.getMetadata().getUid());
  }

  @Test
  void mediumTurnsPgBouncerOnAfterThePrimaryAndSwitchesOnlyOnceItIsAvailable() {
    String name = "med";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Small, null, managed(Toggle.Auto), DeletionPolicy.Retain)))
        .create();
    awaitGet(StatefulSet.class, name + "-postgres");
    readyStatefulSets(name);
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");
    assertThat(decoded(get(Secret.class, name + "-connections"))).containsEntry("DATABASE_VIA", "primary");

    update(name, s -> s.withPhase(PhaseMode.Medium));
    Deployment bouncer = awaitGet(Deployment.class, name + "-pgbouncer");
    awaitGet(PodDisruptionBudget.class, name + "-pgbouncer");
    awaitGet(Service.class, name + "-pgbouncer");
    String ini = decoded(awaitGet(Secret.class, name + "-pgbouncer-config")).get("pgbouncer.ini");
    assertThat(ini).contains("pool_mode = transaction", "max_client_conn = 1000", "default_pool_size = 20",
        "reserve_pool_size = 5", "auth_type = scram-sha-256", "app = host=" + name + "-postgres port=5432");
    assertRestricted(bouncer.getSpec().getTemplate().getSpec());
    assertThat(decoded(get(Secret.class, name + "-connections")))
        .as("not switched before PgBouncer is available").containsEntry("DATABASE_VIA", "primary");

    TestCluster.rollOut(client, bouncer);
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-connections")).get("DATABASE_VIA"),
        "pgbouncer"::equals);
    assertThat(decoded(get(Secret.class, name + "-connections")).get("DATABASE_URL"))
        .contains("@" + name + "-pgbouncer:6432/app");
    await().atMost(TIMEOUT).until(() -> AppStackReconcilerTest.hash(get(Deployment.class, name + "-api")),
        h -> h.equals(new ConnectionSettings(decoded(get(Secret.class, name + "-connections"))).hash()));
  }

  @Test
  void largeMovesRedisToAClusterStepByStepAndAddsStreamingReplicas() {
    String name = "big";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Medium, redis(), managed(Toggle.Auto),
        DeletionPolicy.Retain))).create();
    awaitGet(StatefulSet.class, name + "-redis");
    readyStatefulSets(name);
    TestCluster.rollOut(client, awaitGet(Deployment.class, name + "-pgbouncer"));
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");

    // Large alone recommends Redis Cluster and moves nothing: the apps' clients must change first.
    update(name, s -> s.withPhase(PhaseMode.Large));
    await().atMost(TIMEOUT).until(() -> stack(name).getStatus().advisories().stream()
        .anyMatch(a -> a.type().equals("RedisCluster") && a.message().contains("redis.mode: Cluster")));
    assertThat(get(StatefulSet.class, name + "-redis-cluster")).as("no move without redis.mode: Cluster").isNull();

    update(name, s -> clustered(s));
    StatefulSet cluster = awaitGet(StatefulSet.class, name + "-redis-cluster");
    assertThat(cluster.getSpec().getReplicas()).as("3 shards × (1 + 1)").isEqualTo(6);
    assertThat(cluster.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(get(Service.class, name + "-redis-cluster").getSpec().getClusterIP()).isEqualTo("None");
    awaitCondition(name, "Redis", "False");
    assertThat(condition(stack(name), "Redis").getReason()).isEqualTo("ProvisionCluster");
    assertThat(get(Job.class, name + "-redis-cluster-create")).as("no bootstrap before the nodes run").isNull();

    // Replicas come with Large, after the primary is ready; the read URL only once they stream.
    StatefulSet replicas = awaitGet(StatefulSet.class, name + "-postgres-replica");
    assertThat(replicas.getSpec().getReplicas()).isEqualTo(2);
    assertThat(replicas.getSpec().getTemplate().getSpec().getInitContainers().get(0).getCommand().get(2))
        .contains("pg_basebackup", "-R -X stream");
    assertThat(decoded(get(Secret.class, name + "-connections"))).doesNotContainKey("DATABASE_READ_URL");

    readyStatefulSets(name);
    Job create = awaitGet(Job.class, name + "-redis-cluster-create");
    String script = create.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2);
    assertThat(script).contains("--cluster create", "--cluster-replicas 1", "cluster_state", name + "-redis-cluster-0.");
    assertThat(create.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .singleElement().satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name + "-redis"));
    assertThat(decoded(get(Secret.class, name + "-connections"))).as("standalone still serves")
        .containsEntry("REDIS_MODE", "standalone");
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-connections")).containsKey("DATABASE_READ_URL"));
    assertThat(decoded(get(Secret.class, name + "-connections")).get("DATABASE_READ_URL"))
        .contains("@" + name + "-pgbouncer:6432/app_read");
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-pgbouncer-config")).get("pgbouncer.ini")
        .contains("app_read = host=" + name + "-postgres-read port=5432"));

    complete(create);
    Job importJob = awaitGet(Job.class, name + "-redis-import");
    Container mover = importJob.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(mover.getImage()).as("the operator's own image holds the move").isEqualTo("appstack/appstack-operator:0.1.0");
    assertThat(mover.getCommand()).endsWith("io.appstack.operator.datatier.move.RedisMoveMain", "move");
    assertThat(mover.getEnv()).extracting(EnvVar::getName).containsExactly("SOURCE", "TARGET", "REDISCLI_AUTH");
    assertThat(mover.getEnv().get(0).getValue()).isEqualTo(name + "-redis.test.svc:6379");
    assertThat(importJob.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(185L);
    assertThat(condition(stack(name), "Redis").getReason()).isIn("CreateCluster", "ImportKeys");
    assertThat(decoded(get(Secret.class, name + "-connections"))).containsEntry("REDIS_MODE", "standalone");

    Map<String, String> beforeCutOver = get(StatefulSet.class, name + "-redis").getSpec().getTemplate().getMetadata()
        .getAnnotations();
    complete(importJob);
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-connections")).get("REDIS_MODE"),
        "cluster"::equals);
    // Moved: the standalone's configuration refuses writes too (so does a restart), without restarting it now.
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-redis-config")).get("redis.conf")
        .contains("min-replicas-to-write 1"));
    assertThat(get(StatefulSet.class, name + "-redis").getSpec().getTemplate().getMetadata().getAnnotations())
        .isEqualTo(beforeCutOver);
    Map<String, String> connections = decoded(get(Secret.class, name + "-connections"));
    assertThat(ConnectionSettings.OPERATOR_VARIABLES).as("the names a spec's env may not take")
        .containsAll(connections.keySet());
    assertThat(connections.get("REDIS_URL")).contains("@" + name + "-redis-cluster:6379");
    assertThat(connections.get("REDIS_CLUSTER_NODES").split(",")).hasSize(6);
    assertThat(get(StatefulSet.class, name + "-redis").getSpec().getReplicas())
        .as("standalone runs until the apps rolled").isEqualTo(1);

    assertThat(get(Job.class, name + "-redis-verify")).as("no check while old pods may still run").isNull();
    rollOutApps(name);
    // Before the standalone stops, a Job proves it took no write since the cut-over.
    Job verify = awaitGet(Job.class, name + "-redis-verify");
    assertThat(verify.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).endsWith("verify");
    assertThat(condition(stack(name), "Redis").getReason()).isEqualTo("RetireStandalone");
    assertThat(get(StatefulSet.class, name + "-redis").getSpec().getReplicas()).isEqualTo(1);
    complete(verify);
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, name + "-redis").getSpec().getReplicas() == 0);
    StatefulSet standalone = get(StatefulSet.class, name + "-redis");
    assertThat(standalone.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .as("the standalone's volume is kept").isEqualTo("Retain");
    await().atMost(TIMEOUT).until(() -> get(Job.class, name + "-redis-import") == null);
    assertThat(get(Job.class, name + "-redis-cluster-create")).as("kept: the record the cluster was formed").isNotNull();
    awaitCondition(name, "Redis", "True");

    // Shards never go down; Enterprise spreads over zones and keeps cluster nodes on different hosts.
    update(name, s -> s.withPhase(PhaseMode.Enterprise));
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, name + "-redis-cluster").getSpec().getReplicas() == 12);
    PodSpec pod = get(StatefulSet.class, name + "-redis-cluster").getSpec().getTemplate().getSpec();
    assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
        .containsExactly("topology.kubernetes.io/zone");
    assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .extracting(t -> t.getTopologyKey()).containsExactly("kubernetes.io/hostname");
    await().atMost(TIMEOUT).until(() -> get(Deployment.class, name + "-api").getSpec().getTemplate().getSpec()
        .getTopologySpreadConstraints() != null);
    assertThat(get(StatefulSet.class, name + "-postgres-replica").getSpec().getTemplate().getSpec()
        .getTopologySpreadConstraints()).hasSize(1);
    readyStatefulSets(name);
    Job grow = awaitGet(Job.class, name + "-redis-cluster-grow-6");
    assertThat(grow.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2))
        .contains("--cluster add-node", "--cluster-master-id", "--cluster rebalance", "--cluster-use-empty-masters",
            name + "-redis-cluster-6.", name + "-redis-cluster-7.");

    update(name, s -> s.withPhase(PhaseMode.Large));
    await().atMost(TIMEOUT).until(() -> condition(stack(name), "Redis") != null
        && stack(name).getStatus().phase().equals("Large"));
    assertThat(get(StatefulSet.class, name + "-redis-cluster").getSpec().getReplicas())
        .as("never fewer shards").isEqualTo(12);
  }

  @Test
  void aFailedMoveStepStopsWithTheStandaloneServing() {
    String name = "fail";
    Job create = moveToClusterUntilTheCreateJob(name);
    fail(create);

    Condition redis = awaitCondition(name, "Redis", "False");
    await().atMost(TIMEOUT).until(() -> "MoveFailed".equals(condition(stack(name), "Redis").getReason()));
    assertThat(condition(stack(name), "Redis").getMessage()).contains("still serves", name + "-redis-cluster-create");
    assertThat(condition(stack(name), "Stalled").getStatus()).isEqualTo("True");
    assertThat(decoded(get(Secret.class, name + "-connections"))).containsEntry("REDIS_MODE", "standalone");
    assertThat(get(StatefulSet.class, name + "-redis").getSpec().getReplicas()).isEqualTo(1);
    assertThat(get(Job.class, name + "-redis-import")).isNull();
    assertThat(redis).isNotNull();
  }

  @Test
  void moreShardsAskedForDuringTheCopyWaitUntilTheClusterServes() {
    String name = "grows";
    complete(moveToClusterUntilTheCreateJob(name));
    Job copying = awaitGet(Job.class, name + "-redis-import");
    update(name, s -> withShards(s, 4));
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
    assertThat(get(Job.class, name + "-redis-import").getMetadata().getUid()).as("the copy goes on")
        .isEqualTo(copying.getMetadata().getUid());
    assertThat(get(StatefulSet.class, name + "-redis-cluster").getSpec().getReplicas())
        .as("the cluster keeps the size it was formed with while the keys are copied into it").isEqualTo(6);
    assertThat(get(Job.class, name + "-redis-cluster-grow-4")).isNull();

    complete(copying);
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-connections")).get("REDIS_MODE"),
        "cluster"::equals);
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, name + "-redis-cluster").getSpec().getReplicas() == 8);
  }

  @Test
  void aStandaloneThatMayHoldWritesAfterTheCutOverKeepsRunning() {
    String name = "unproven";
    complete(moveToClusterUntilTheCreateJob(name));
    complete(awaitGet(Job.class, name + "-redis-import"));
    await().atMost(TIMEOUT).until(() -> decoded(get(Secret.class, name + "-connections")).get("REDIS_MODE"),
        "cluster"::equals);
    rollOutApps(name);
    fail(awaitGet(Job.class, name + "-redis-verify"));

    await().atMost(TIMEOUT).until(() -> "MoveFailed".equals(condition(stack(name), "Redis").getReason()));
    assertThat(condition(stack(name), "Redis").getMessage())
        .contains(name + "-redis-verify failed", "may hold writes the cluster lacks", "keeps running");
    await().pollDelay(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> true);
    assertThat(get(StatefulSet.class, name + "-redis").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aFailedStepIsRetriedWithTheFixedSpecWhileARunningOneFinishesWithItsOwn() {
    String name = "retry";
    Job running = moveToClusterUntilTheCreateJob(name);
    running.setStatus(new JobStatusBuilder().withActive(1).withReady(1).build());
    client.resource(running).updateStatus();

    // A new image while the step runs: the Job finishes with the spec it started with.
    update(name, s -> withRedisImage(s, "redis:7.2.5"));
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, name + "-redis-cluster").getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage().equals("redis:7.2.5"));
    readyStatefulSets(name); // the nodes rolled onto the new image
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
    Job kept = get(Job.class, name + "-redis-cluster-create");
    assertThat(kept.getMetadata().getUid()).isEqualTo(running.getMetadata().getUid());
    assertThat(kept.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("redis:7.2");

    // It fails: the spec changed since, so the fix is the retry — a new Job with the new spec, and the move goes on.
    fail(kept);
    Job replaced = await().atMost(TIMEOUT).until(() -> get(Job.class, name + "-redis-cluster-create"),
        j -> j != null && !j.getMetadata().getUid().equals(running.getMetadata().getUid()));
    assertThat(replaced.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("redis:7.2.5");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage())
            .isEqualTo("Replaced deleted Job " + name + "-redis-cluster-create to create it again with the spec's "
                + "changes (it had not started, or had failed)"));
    complete(replaced);
    awaitGet(Job.class, name + "-redis-import");
  }

  @Test
  void externalPrimaryWithReadReplicasSetsAClearConditionAndCreatesNothingForThem() {
    String name = "ext";
    client.resource(new SecretBuilder().withNewMetadata().withName("ext-db").withNamespace(NS).endMetadata()
        .withStringData(Map.of("username", "shop", "password", "s3cret")).build()).create();
    var database = new DatabaseSpec(new PrimarySpec(new ExternalPrimary("db.example.com", 5432, "shop", "ext-db"), null, null),
        null, null, null, new ReadReplicasSpec(Toggle.Enabled, 2, null), null, null);
    client.resource(new AppStack(NS, name, spec(PhaseMode.Small, null, database, DeletionPolicy.Retain))).create();

    Condition replicas = awaitCondition(name, "ReadReplicas", "False");
    assertThat(replicas.getReason()).isEqualTo("NeedsManagedPrimary");
    assertThat(replicas.getMessage()).contains("database.primary.managed");
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");
    assertThat(condition(stack(name), "Stalled").getStatus()).isEqualTo("False");
    assertThat(get(StatefulSet.class, name + "-postgres-replica")).isNull();
    assertThat(get(Service.class, name + "-postgres-read")).isNull();
    assertThat(get(StatefulSet.class, name + "-postgres")).isNull();
    assertThat(get(Secret.class, name + "-postgres-replication")).isNull();
    assertThat(decoded(get(Secret.class, name + "-connections"))).doesNotContainKey("DATABASE_READ_URL")
        .containsEntry("DATABASE_HOST", "db.example.com");
    assertThat(stack(name).getStatus().components().readReplicas().lastDecision()).contains("managed primary");
  }

  @Test
  void deletionPolicyDeleteLetsVolumesAndGeneratedSecretsGoWithTheStack() {
    String name = "gone";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Small, redis(), managed(Toggle.Auto),
        DeletionPolicy.Delete))).create();
    StatefulSet redis = awaitGet(StatefulSet.class, name + "-redis");
    StatefulSet primary = awaitGet(StatefulSet.class, name + "-postgres");
    for (StatefulSet set : List.of(redis, primary)) {
      assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Delete");
      assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    }
    AppStack stack = stack(name);
    for (String secret : List.of(name + "-redis", name + "-postgres", name + "-postgres-replication")) {
      assertThat(awaitGet(Secret.class, secret).getMetadata().getOwnerReferences()).singleElement()
          .satisfies(r -> assertThat(r.getUid()).isEqualTo(stack.getMetadata().getUid()));
    }
  }

  @Test
  void deletingAStackWaitsOnNothingAndKeepsWhatItsRetainedVolumesNeed() {
    String name = "leaving";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Small, redis(), managed(Toggle.Auto),
        DeletionPolicy.Retain))).create();
    awaitGet(StatefulSet.class, name + "-postgres");
    readyStatefulSets(name);
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");
    assertThat(stack(name).getMetadata().getFinalizers())
        .as("no finalizer: deletion never waits on the operator being up").isNullOrEmpty();
    Map<String, String> credentials = decoded(get(Secret.class, name + "-postgres"));
    Map<String, String> redisPassword = decoded(get(Secret.class, name + "-redis"));

    client.resources(AppStack.class).inNamespace(NS).withName(name).delete();

    // Gone at once; owned children are the garbage collector's.
    await().atMost(TIMEOUT).until(() -> stack(name) == null);
    assertThat(decoded(get(Secret.class, name + "-postgres"))).as("kept with the retained volumes")
        .isEqualTo(credentials);
    assertThat(decoded(get(Secret.class, name + "-redis"))).isEqualTo(redisPassword);
    assertThat(get(Secret.class, name + "-postgres-replication")).isNotNull();
    if (TestCluster.mock().isPresent()) {
      // The mock has no garbage collector: what is still there is what the operator did not delete itself.
      for (Class<? extends HasMetadata> kind : List.of(StatefulSet.class, Deployment.class)) {
        assertThat(client.resources(kind).inNamespace(NS).withLabel(Labels.STACK, name).list().getItems())
            .as("the operator deleted no " + kind.getSimpleName() + " itself").isNotEmpty();
      }
    }
  }

  @Test
  void networkPoliciesCanBeTurnedOff() {
    String name = "open";
    AppStackSpec spec = spec(PhaseMode.Medium, redis(), managed(Toggle.Auto), DeletionPolicy.Retain);
    spec = new AppStackSpec(spec.phase(), null, spec.api(), spec.workers(), null, spec.autoscaling(), null,
        spec.redis(), spec.database(), false, null);
    client.resource(new AppStack(NS, name, spec)).create();
    awaitGet(StatefulSet.class, name + "-redis");
    readyStatefulSets(name);
    awaitGet(Deployment.class, name + "-pgbouncer");
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).withLabel(Labels.STACK, name).list()
        .getItems()).isEmpty();
    NetworkPolicy none = get(NetworkPolicy.class, name + "-redis");
    assertThat(none).isNull();
  }

  @Test
  void readyWaitsForPgBouncerThenTheStackWritesAndReadsNothing() throws InterruptedException {
    String name = "still";
    DatabaseSpec managed = managed(Toggle.Disabled);
    DatabaseSpec database = new DatabaseSpec(managed.primary(), null, null,
        new PgBouncerSpec(Toggle.Enabled, null, null, null, null, null, null, null), managed.readReplicas(), null, null);
    AppStackSpec small = spec(PhaseMode.Small, redis(), database, DeletionPolicy.Retain);
    client.resource(new AppStack(NS, name, new AppStackSpec(small.phase(), null, small.api(), small.workers(), null,
        AutoscalingSpec.polledEvery("1s"), null, small.redis(), small.database(), null, small.deletionPolicy())))
        .create();
    awaitGet(StatefulSet.class, name + "-postgres");
    readyStatefulSets(name);
    Deployment bouncer = awaitGet(Deployment.class, name + "-pgbouncer");
    TestCluster.rollOut(client, awaitGet(Deployment.class, name + "-api"));
    TestCluster.rollOut(client, awaitGet(Deployment.class, name + "-worker-emails"));
    // A new stack is routed to PgBouncer from the start: not Ready before a PgBouncer pod is available.
    await().atMost(TIMEOUT).until(() -> condition(stack(name), "Ready"),
        c -> c != null && "waiting for pgbouncer".equals(c.getMessage()));
    assertThat(decoded(get(Secret.class, name + "-connections"))).containsEntry("DATABASE_VIA", "pgbouncer");
    TestCluster.rollOut(client, bouncer);
    awaitCondition(name, "Ready", "True");

    // Converged: nothing of the stack changed for two seconds (two polls).
    await().atMost(TIMEOUT).until(() -> {
      String version = versions(name);
      Thread.sleep(2_000);
      return version.equals(versions(name));
    });
    String before = versions(name);
    TestCluster.drainRequests();
    Thread.sleep(5_000); // five polls: five full reconciliations
    var requests = TestCluster.drainRequests();
    var writes = requests.stream()
        .filter(r -> !r.getMethod().equals("GET"))
        .filter(r -> r.getPath().contains("/" + name) || r.getUtf8Body().contains("\"name\":\"" + name + "\""))
        .map(r -> r.getMethod() + " " + r.getPath())
        .toList();
    assertThat(writes).as("status conditions keep their transition times; no child changes").isEmpty();
    assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath())
        .as("the generated credentials are read from the informer's cache")
        .noneMatch(r -> r.startsWith("GET ") && r.contains("/secrets/" + name + "-"));
    assertThat(versions(name)).isEqualTo(before);
  }

  /**
   * The default NetworkPolicies, read as Kubernetes enforces them on the pods the operator runs: Redis is
   * reachable only from the API and the workers, PgBouncer likewise, PostgreSQL (primary and replicas) only
   * from PgBouncer, the replicas and the primary (replication) once the apps have moved to PgBouncer; nothing
   * from another stack's pods or a stranger's. (A pod of another namespace matches no peer: every peer is a
   * pod selector of this namespace.)
   */
  @Test
  void networkPoliciesLetEachTierBeReachedOnlyByItsClients() {
    String name = "fenced";
    client.resource(new AppStack(NS, name, spec(PhaseMode.Medium, redis(), managed(Toggle.Enabled),
        DeletionPolicy.Retain))).create();
    awaitGet(StatefulSet.class, name + "-redis");
    // Playing the controllers until the stack settles: replicas come after the primary, then the apps and
    // PgBouncer roll out again with the read URL.
    await().atMost(TIMEOUT).until(() -> {
      readyStatefulSets(name);
      rollOutApps(name);
      Condition ready = condition(stack(name), "Ready");
      return get(StatefulSet.class, name + "-postgres-replica") != null && ready != null
          && "True".equals(ready.getStatus());
    });

    Map<String, Map<String, String>> pods = new java.util.LinkedHashMap<>();
    pods.put("api", awaitGet(Deployment.class, name + "-api").getSpec().getTemplate().getMetadata().getLabels());
    pods.put("worker", get(Deployment.class, name + "-worker-emails").getSpec().getTemplate().getMetadata().getLabels());
    pods.put("pgbouncer", get(Deployment.class, name + "-pgbouncer").getSpec().getTemplate().getMetadata().getLabels());
    pods.put("redis", get(StatefulSet.class, name + "-redis").getSpec().getTemplate().getMetadata().getLabels());
    pods.put("postgres", get(StatefulSet.class, name + "-postgres").getSpec().getTemplate().getMetadata().getLabels());
    pods.put("postgres-replica",
        get(StatefulSet.class, name + "-postgres-replica").getSpec().getTemplate().getMetadata().getLabels());
    Map<String, String> otherStack = new java.util.HashMap<>(pods.get("api"));
    otherStack.put(Labels.STACK, "other");
    pods.put("another stack's api", otherStack);
    pods.put("a stranger", Map.of("app", "debug"));

    Set<String> appsOnly = Set.of("api", "worker");
    Set<String> databaseTier = Set.of("pgbouncer", "postgres", "postgres-replica");
    record Target(String pod, int port, Set<String> clients) {}
    List<Target> targets = List.of(
        new Target("redis", io.appstack.operator.datatier.RedisConfig.PORT, appsOnly),
        new Target("pgbouncer", io.appstack.operator.datatier.PgBouncerConfig.PORT, appsOnly),
        new Target("postgres", io.appstack.operator.datatier.PostgresScripts.PORT, databaseTier),
        new Target("postgres-replica", io.appstack.operator.datatier.PostgresScripts.PORT, databaseTier));
    // The apps' direct way to PostgreSQL closes once they have moved to PgBouncer.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      readyStatefulSets(name);
      rollOutApps(name);
      List<NetworkPolicy> policies = client.network().v1().networkPolicies().inNamespace(NS)
          .withLabel(Labels.STACK, name).list().getItems();
      for (Target target : targets) {
        assertThat(pods.keySet().stream().filter(source -> NetworkPolicyEvaluator.allows(policies, pods.get(source),
            pods.get(target.pod()), target.port())).toList())
            .as("who may reach %s on %d", target.pod(), target.port())
            .containsExactlyInAnyOrderElementsOf(target.clients());
      }
    });
    // Ports are part of the rule: the apps reach Redis on its port only.
    List<NetworkPolicy> policies = client.network().v1().networkPolicies().inNamespace(NS)
        .withLabel(Labels.STACK, name).list().getItems();
    assertThat(NetworkPolicyEvaluator.allows(policies, pods.get("api"), pods.get("redis"), 22)).isFalse();
    assertThat(NetworkPolicyEvaluator.allows(policies, pods.get("api"), pods.get("api"), 8080))
        .as("the API itself is not fenced by these policies").isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------------

  /** The user's move to Redis Cluster: the same Redis settings with mode Cluster. */
  static AppStackSpec clustered(AppStackSpec s) {
    RedisSpec r = s.redis();
    return new AppStackSpec(s.phase(), s.paused(), s.api(), s.workers(), s.prometheus(), s.autoscaling(), s.limits(),
        new RedisSpec(io.appstack.operator.api.data.RedisMode.Cluster, r.shards(), r.replicasPerShard(), r.storage(),
            r.maxmemory(), r.maxmemoryPolicy(), r.image()),
        s.database(), s.networkPolicies(), s.deletionPolicy());
  }

  static AppStackSpec withShards(AppStackSpec s, int shards) {
    RedisSpec r = s.redis();
    return new AppStackSpec(s.phase(), s.paused(), s.api(), s.workers(), s.prometheus(), s.autoscaling(), s.limits(),
        new RedisSpec(r.mode(), shards, r.replicasPerShard(), r.storage(), r.maxmemory(), r.maxmemoryPolicy(),
            r.image()),
        s.database(), s.networkPolicies(), s.deletionPolicy());
  }

  static AppStackSpec withRedisImage(AppStackSpec s, String image) {
    RedisSpec r = s.redis();
    return new AppStackSpec(s.phase(), s.paused(), s.api(), s.workers(), s.prometheus(), s.autoscaling(), s.limits(),
        new RedisSpec(r.mode(), r.shards(), r.replicasPerShard(), r.storage(), r.maxmemory(), r.maxmemoryPolicy(), image),
        s.database(), s.networkPolicies(), s.deletionPolicy());
  }

  static RedisSpec redis() {
    return new RedisSpec(null, null, null, "2Gi", "64mb", null, null);
  }

  static DatabaseSpec managed(Toggle replicas) {
    return new DatabaseSpec(new PrimarySpec(null, new ManagedPrimary(null, null, null), null), null, null, null,
        new ReadReplicasSpec(replicas, null, null), null, null);
  }

  static AppStackSpec spec(PhaseMode phase, RedisSpec redis, DatabaseSpec database, DeletionPolicy deletion) {
    return new AppStackSpec(phase, null, ApiSpec.of("ghcr.io/acme/api:1"),
        List.of(WorkerSpec.of("emails", "ghcr.io/acme/emails:1", "emails")), null,
        AutoscalingSpec.polledEvery("2s"), null, redis, database, null, deletion);
  }

  static void assertRestricted(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var containers = new java.util.ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (var c : containers) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    }
  }

  /** A Medium stack on a standalone Redis, Ready, then moved to Redis Cluster up to its create Job. */
  Job moveToClusterUntilTheCreateJob(String name) {
    client.resource(new AppStack(NS, name, spec(PhaseMode.Large, redis(), null, DeletionPolicy.Retain)
        .withPhase(PhaseMode.Medium))).create();
    awaitGet(StatefulSet.class, name + "-redis");
    readyStatefulSets(name);
    rollOutApps(name);
    awaitCondition(name, "Ready", "True");
    update(name, s -> clustered(s.withPhase(PhaseMode.Large)));
    awaitGet(StatefulSet.class, name + "-redis-cluster");
    readyStatefulSets(name);
    return awaitGet(Job.class, name + "-redis-cluster-create");
  }

  /** Plays the StatefulSet controller: every StatefulSet of the stack has all its pods ready. */
  void readyStatefulSets(String name) {
    await().pollDelay(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> true);
    for (StatefulSet set : client.apps().statefulSets().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()) {
      int replicas = set.getSpec().getReplicas();
      set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
          .withReplicas(replicas).withReadyReplicas(replicas).withCurrentReplicas(replicas)
          .withUpdatedReplicas(replicas).withAvailableReplicas(replicas).build());
      client.resource(set).updateStatus();
    }
  }

  void rollOutApps(String name) {
    await().pollDelay(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> true);
    client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()
        .forEach(d -> TestCluster.rollOut(client, d));
  }

  /** Resource versions of the stack and every child labelled with it. */
  String versions(String name) {
    StringBuilder versions = new StringBuilder(stack(name).getMetadata().getResourceVersion());
    for (Class<? extends HasMetadata> type : List.of(Deployment.class, StatefulSet.class, Service.class, Secret.class,
        PodDisruptionBudget.class, NetworkPolicy.class)) {
      client.resources(type).inNamespace(NS).withLabel(Labels.STACK, name).list().getItems().stream()
          .map(r -> r.getKind() + "/" + r.getMetadata().getName() + "@" + r.getMetadata().getResourceVersion())
          .sorted().forEach(v -> versions.append(' ').append(v));
    }
    return versions.toString();
  }

  void complete(Job job) {
    job.setStatus(new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder()
        .withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();
  }

  void fail(Job job) {
    job.setStatus(new JobStatusBuilder().withFailed(4).withConditions(new JobConditionBuilder()
        .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").build()).build());
    client.resource(job).updateStatus();
  }

  void update(String name, UnaryOperator<AppStackSpec> change) {
    io.appstack.operator.testing.StackEdits.edit(client, NS, name, change);
  }

  <T extends HasMetadata> T awaitGet(Class<T> type, String name) {
    return org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> get(type, name), r -> r != null);
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  AppStack stack(String name) {
    return get(AppStack.class, name);
  }

  Condition awaitCondition(String name, String type, String status) {
    return org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> condition(stack(name), type),
        c -> c != null && status.equals(c.getStatus()));
  }

  static Condition condition(AppStack stack, String type) {
    return stack == null || stack.getStatus() == null ? null : stack.getStatus().condition(type).orElse(null);
  }

  static Map<String, String> decoded(Secret secret) {
    return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
  }
}
