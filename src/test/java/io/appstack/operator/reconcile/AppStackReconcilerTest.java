package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.ExternalPrimary;
import io.appstack.operator.api.data.PrimarySpec;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.reconcile.apps.PodTemplates;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end against an API server: fabric8's mock in CRUD mode here, or the cluster
 * named by {@code APPSTACK_TEST_KUBECONFIG}.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class AppStackReconcilerTest {
  static final String NS = TestCluster.NAMESPACE;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  KubernetesClient client;

  @Test
  void minimalSampleBecomesReadyWithEveryChildOwned() throws Exception {
    AppStack stack = Serialization.unmarshal(Files.readString(Path.of("samples/minimal.yaml")), AppStack.class);
    stack.getMetadata().setNamespace(NS);
    AppStack created = client.resource(stack).create();
    // The sample's Redis (the example app's queues): the apps wait for it; play its StatefulSet controller.
    StatefulSet redis = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "shop-redis"), r -> r != null);
    redis.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(redis.getMetadata().getGeneration())
        .withReplicas(1).withReadyReplicas(1).withCurrentReplicas(1).withUpdatedReplicas(1).withAvailableReplicas(1)
        .build());
    client.resource(redis).updateStatus();

    Deployment api = awaitDeployment("shop-api");
    Deployment worker = awaitDeployment("shop-worker-emails");
    Service service = await().atMost(TIMEOUT).until(() -> get(Service.class, "shop-api"), s -> s != null);
    PodDisruptionBudget pdb = await().atMost(TIMEOUT)
        .until(() -> get(PodDisruptionBudget.class, "shop-api"), p -> p != null);
    Secret secret = await().atMost(TIMEOUT).until(() -> get(Secret.class, "shop-connections"), s -> s != null);

    for (HasMetadata child : List.of(api, worker, service, pdb, secret, redis)) {
      assertThat(child.getMetadata().getOwnerReferences())
          .as(child.getKind())
          .singleElement()
          .satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(ref.getKind()).isEqualTo("AppStack");
            assertThat(ref.getController()).isTrue();
          });
    }
    assertThat(api.getSpec().getReplicas()).as("Small phase minimum").isEqualTo(2);
    assertThat(worker.getSpec().getReplicas()).isEqualTo(2);
    assertThat(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
        .singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("shop-connections"));
    assertThat(decoded(secret)).containsEntry("APPSTACK_NAME", "shop").containsKey("REDIS_URL");

    awaitCondition("shop", "Reconciling", "True");
    rollOutAll("shop");
    Condition ready = awaitCondition("shop", "Ready", "True");
    assertThat(ready.getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    AppStack observed = stack("shop");
    assertThat(observed.getStatus().observedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    assertThat(observed.getStatus().summary().api()).isEqualTo("2/2");
    assertThat(observed.getStatus().summary().workers()).isEqualTo("2/2");
    assertThat(observed.getStatus().phase()).isEqualTo("Small");
    assertThat(observed.getStatus().connectionSecret()).isEqualTo("shop-connections");

    // kubectl describe shows what the operator created.
    var events = client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "shop".equals(e.getInvolvedObject().getName()) && "Created".equals(e.getReason()))
        .map(e -> e.getMessage()).toList();
    assertThat(events).contains("created Deployment shop-api", "created Deployment shop-worker-emails",
        "created Service shop-api", "created PodDisruptionBudget shop-api", "created Secret shop-connections");
  }

  @Test
  void theOperatorsClientReadsEveryQuantityTheApiServerStores() {
    // ClientSerialization, as Quarkus wires it into the operator's client: fabric8 alone throws on "".
    AppStack read = client.getKubernetesSerialization().unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: lenient}
        spec: {api: {image: acme/api:1, resources: {requests: {cpu: "", memory: 1Gi}}}}
        """, AppStack.class);
    assertThat(read.getSpec().api().resources().getRequests().get("cpu").toString()).isEmpty();
    assertThat(read.getSpec().api().resources().getRequests().get("memory").toString()).isEqualTo("1Gi");
  }

  @Test
  void imageChangeUpdatesTheApiAndLeavesWorkersAlone() {
    createReady("img", spec("img-api:1", "emails"));
    String workerVersion = awaitDeployment("img-worker-emails").getMetadata().getResourceVersion();

    update("img", s -> s.withApi(s.api().withImage("ghcr.io/acme/img-api:2")));

    await().atMost(TIMEOUT).until(() -> image(awaitDeployment("img-api")), "ghcr.io/acme/img-api:2"::equals);
    await().atMost(TIMEOUT).until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "img".equals(e.getInvolvedObject().getName()) && "Updated".equals(e.getReason())
            && "updated Deployment img-api to match the spec".equals(e.getMessage())));
    assertThat(awaitDeployment("img-worker-emails").getMetadata().getResourceVersion()).isEqualTo(workerVersion);
    awaitCondition("img", "Reconciling", "True");
  }

  @Test
  void addingAndRemovingAPoolTouchesOnlyThatPool() {
    createReady("pools", spec("pools-api:1", "emails"));
    Deployment api = awaitDeployment("pools-api");
    Deployment emails = awaitDeployment("pools-worker-emails");

    update("pools", s -> s.withWorkers(List.of(s.workers().get(0), WorkerSpec.of("reports", "acme/reports:1", "reports"))));
    Deployment reports = awaitDeployment("pools-worker-reports");
    assertThat(reports.getSpec().getReplicas()).isEqualTo(2);
    assertThat(unchanged(api)).isTrue();
    assertThat(unchanged(emails)).isTrue();

    update("pools", s -> s.withWorkers(List.of(s.workers().get(1))));
    await().atMost(TIMEOUT).until(() -> get(Deployment.class, "pools-worker-emails") == null);
    assertThat(unchanged(api)).isTrue();
    assertThat(get(Deployment.class, "pools-worker-reports").getMetadata().getUid())
        .isEqualTo(reports.getMetadata().getUid());
  }

  @Test
  void invalidSpecStallsWithTheFieldNamedAndChangesNothingUntilFixed() {
    String name = "stalled-stack-name-x"; // with a 40-character pool: a 68-character Deployment name
    createReady(name, spec("stall-api:1", "emails"));
    Map<String, String> before = childVersions(name);

    String longPool = "a-pool-name-long-enough-to-break-the-63c"; // 40 characters: the schema allows it
    update(name, s -> s.withApi(s.api().withImage("Not An Image!"))
        .withWorkers(List.of(WorkerSpec.of(longPool, "acme/w:1", "q"))));

    Condition stalled = awaitCondition(name, "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
    assertThat(stalled.getMessage()).contains("spec.api.image", "'Not An Image!'", "spec.workers[0].name",
        "the limit is 63");
    assertThat(condition(stack(name), "Ready").getStatus()).isEqualTo("False");
    assertThat(childVersions(name)).as("nothing deleted or changed").isEqualTo(before);

    update(name, s -> s.withApi(s.api().withImage("ghcr.io/acme/stall-api:2"))
        .withWorkers(List.of(WorkerSpec.of("emails", "acme/w:2", "emails"))));
    awaitCondition(name, "Stalled", "False");
    await().atMost(TIMEOUT).until(() -> image(awaitDeployment(name + "-api")), "ghcr.io/acme/stall-api:2"::equals);
    rollOutAll(name);
    awaitCondition(name, "Ready", "True");
  }

  /** Every corpus file only the operator can reject: Stalled naming the field, and nothing touched. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("operatorRejected")
  void corpusSpecsOnlyTheOperatorCanRejectStallAndTouchNothing(Path file) throws Exception {
    String yaml = Files.readString(file);
    String expect = yaml.lines().filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow().substring(10);
    AppStack bad = io.appstack.operator.testing.LenientYaml.read(yaml, AppStack.class);
    String name = bad.getMetadata().getName() + "-" + file.getFileName().toString().substring(0, 2);
    if (expect.startsWith("metadata.name")) {
      // The name is the problem, and a name cannot be edited: the stack stalls as it is created, with nothing made.
      client.resource(new AppStack(NS, name, bad.getSpec())).create();
      Condition stalled = awaitCondition(name, "Stalled", "True");
      assertThat(stalled.getMessage()).contains(expect.replace(bad.getMetadata().getName(), name));
      Thread.sleep(1_000);
      assertThat(childVersions(name)).as("nothing created").isEmpty();
      return;
    }
    createReady(name, spec("corpus-api:1", "emails"));
    Map<String, String> before = childVersions(name);

    update(name, s -> bad.getSpec());

    Condition stalled = awaitCondition(name, "Stalled", "True");
    // Each case runs under its own stack name, which is part of a Deployment name the message quotes.
    assertThat(stalled.getMessage()).contains(expect.replaceAll("Deployment name.*", "Deployment name"));
    Thread.sleep(1_000);
    assertThat(childVersions(name)).as("nothing deleted or changed").isEqualTo(before);
  }

  static java.util.stream.Stream<Path> operatorRejected() throws java.io.IOException {
    try (var files = Files.list(Path.of("src/test/resources/invalid"))) {
      return files.filter(f -> {
        try {
          return Files.readString(f).contains("# rejected-by: operator");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList().stream();
    }
  }

  @Test
  void missingCredentialsSecretStallsAndRecoversWhenCreated() {
    String name = "creds";
    var database = new DatabaseSpec(new PrimarySpec(new ExternalPrimary("db.example.com", 5432, "shop", "creds-db"), null, null),
        null, null, null, null, null, null);
    AppStackSpec spec = new AppStackSpec(null, null, ApiSpec.of("acme/creds:1"), null, null, null, null, null,
        database, null, null);
    client.resource(new AppStack(NS, name, spec)).create();

    Condition stalled = awaitCondition(name, "Stalled", "True");
    assertThat(stalled.getMessage()).contains("spec.database.primary.external.credentialsSecret", "'creds-db'");
    assertThat(get(Deployment.class, "creds-api")).as("nothing created for an invalid spec").isNull();

    client.resource(new SecretBuilder().withNewMetadata().withName("creds-db").withNamespace(NS).endMetadata()
        .withStringData(Map.of("username", "shop", "password", "p@ss word")).build()).create();

    awaitCondition(name, "Stalled", "False");
    Secret connections = await().atMost(TIMEOUT).until(() -> get(Secret.class, "creds-connections"), s -> s != null);
    assertThat(decoded(connections))
        .containsEntry("DATABASE_URL", "postgresql://shop:p%40ss%20word@db.example.com:5432/shop")
        .containsEntry("DATABASE_HOST", "db.example.com");
    assertThat(stack(name).getStatus().toString()).doesNotContain("p@ss word");
  }

  @Test
  void connectionChangeRollsThePods() {
    String name = "roll";
    client.resource(new SecretBuilder().withNewMetadata().withName("roll-db").withNamespace(NS).endMetadata()
        .withStringData(Map.of("username", "u", "password", "one")).build()).create();
    var database = new DatabaseSpec(new PrimarySpec(new ExternalPrimary("db-a", 5432, "shop", "roll-db"), null, null),
        null, null, null, null, null, null);
    client.resource(new AppStack(NS, name, new AppStackSpec(null, null, ApiSpec.of("acme/roll:1"), null, null, null,
        null, null, database, null, null))).create();
    String firstHash = await().atMost(TIMEOUT).until(() -> hash(get(Deployment.class, "roll-api")), h -> h != null);

    var moved = new DatabaseSpec(new PrimarySpec(new ExternalPrimary("db-b", 5432, "shop", "roll-db"), null, null),
        null, null, null, null, null, null);
    update(name, s -> new AppStackSpec(null, null, s.api(), null, null, null, null, null, moved, null, null));

    await().atMost(TIMEOUT).until(() -> hash(get(Deployment.class, "roll-api")), h -> h != null && !h.equals(firstHash));
    assertThat(decoded(get(Secret.class, "roll-connections")).get("DATABASE_HOST")).isEqualTo("db-b");
  }

  @Test
  void pausedFreezesReplicaCountsAndSaysSoUntilResumed() {
    String name = "frozen";
    createReady(name, spec("frozen-api:1", "emails"));

    update(name, s -> s.withPaused(true).withPhase(io.appstack.operator.api.autoscaling.PhaseMode.Large));
    Condition paused = awaitCondition(name, "Paused", "True");
    assertThat(paused.getMessage()).contains("spec.paused is true");
    update(name, s -> s.withWorkers(List.of(s.workers().get(0), WorkerSpec.of("late", "acme/late:1", "late"))));
    assertThat(awaitDeployment("frozen-worker-late").getSpec().getReplicas())
        .as("a pool added while paused starts at its minimum").isEqualTo(2);
    assertThat(awaitDeployment("frozen-api").getSpec().getReplicas()).as("Large would be 5; frozen at 2").isEqualTo(2);
    assertThat(stack(name).getStatus().phase()).isEqualTo("Small");

    update(name, s -> s.withPaused(false));
    awaitCondition(name, "Paused", "False");
    await().atMost(TIMEOUT).until(() -> awaitDeployment("frozen-api").getSpec().getReplicas() == 5);
    await().atMost(TIMEOUT).until(() -> "Large".equals(stack(name).getStatus().phase()));
  }

  @Test
  void steadyStateSendsNoWrites() throws InterruptedException {
    String name = "quiet";
    AppStackSpec spec = spec("quiet-api:1", "emails");
    spec = new AppStackSpec(null, null, spec.api(), spec.workers(), null,
        AutoscalingSpec.polledEvery("1s"), null, null, null, null, null);
    createReady(name, spec);
    // Converged: nothing has changed for two poll intervals (the last rollout's status may still be landing).
    await().atMost(TIMEOUT).until(() -> {
      String version = stack(name).getMetadata().getResourceVersion() + childVersions(name);
      Thread.sleep(2_000);
      return version.equals(stack(name).getMetadata().getResourceVersion() + childVersions(name));
    });
    Map<String, String> before = childVersions(name);
    String stackVersion = stack(name).getMetadata().getResourceVersion();

    TestCluster.drainRequests();
    Thread.sleep(5_000); // five poll intervals: five full reconciliations
    var writes = TestCluster.drainRequests().stream()
        .filter(r -> !r.getMethod().equals("GET"))
        .map(r -> r.getMethod() + " " + r.getPath())
        .toList();

    assertThat(writes).isEmpty();
    assertThat(childVersions(name)).isEqualTo(before);
    assertThat(stack(name).getMetadata().getResourceVersion()).isEqualTo(stackVersion);
  }

  // --- helpers -------------------------------------------------------------------------------------

  static AppStackSpec spec(String apiImage, String... pools) {
    List<WorkerSpec> workers = java.util.Arrays.stream(pools)
        .map(p -> WorkerSpec.of(p, "ghcr.io/acme/" + p + ":1", p)).toList();
    return AppStackSpec.ofApi(ApiSpec.of("ghcr.io/acme/" + apiImage)).withWorkers(workers);
  }

  void createReady(String name, AppStackSpec spec) {
    client.resource(new AppStack(NS, name, spec)).create();
    awaitDeployment(name + "-api");
    for (WorkerSpec worker : spec.workers()) {
      awaitDeployment(name + "-worker-" + worker.name());
    }
    rollOutAll(name);
    awaitCondition(name, "Ready", "True");
  }

  void update(String name, UnaryOperator<AppStackSpec> change) {
    io.appstack.operator.testing.StackEdits.edit(client, NS, name, change);
  }

  void rollOutAll(String name) {
    client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()
        .forEach(d -> TestCluster.rollOut(client, d));
  }

  Map<String, String> childVersions(String name) {
    Map<String, String> versions = new TreeMap<>();
    for (Class<? extends HasMetadata> type : List.of(Deployment.class, Service.class, PodDisruptionBudget.class,
        Secret.class)) {
      client.resources(type).inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()
          .forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(),
              r.getMetadata().getUid() + "@" + r.getMetadata().getResourceVersion()));
    }
    return versions;
  }

  boolean unchanged(HasMetadata before) {
    HasMetadata now = get(before.getClass(), before.getMetadata().getName());
    return now != null && now.getMetadata().getUid().equals(before.getMetadata().getUid())
        && now.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion());
  }

  Deployment awaitDeployment(String name) {
    return await().atMost(TIMEOUT).until(() -> get(Deployment.class, name), d -> d != null);
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  AppStack stack(String name) {
    return get(AppStack.class, name);
  }

  Condition awaitCondition(String name, String type, String status) {
    return await().atMost(TIMEOUT).until(() -> condition(stack(name), type),
        c -> c != null && status.equals(c.getStatus()));
  }

  static Condition condition(AppStack stack, String type) {
    return stack == null || stack.getStatus() == null ? null : stack.getStatus().condition(type).orElse(null);
  }

  static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  static String hash(Deployment deployment) {
    return deployment == null ? null
        : deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONNECTIONS_HASH);
  }

  static Map<String, String> decoded(Secret secret) {
    return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
  }
}
