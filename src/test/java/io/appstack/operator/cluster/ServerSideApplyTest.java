package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.testing.AuditLog;
import io.appstack.operator.testing.InProcessOperator;
import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.TestExporter;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply as production runs it, counted in the API server's audit log: a stack at rest costs no
 * writes, the operator takes back the fields it owns from another manager and leaves the rest, a GitOps tool
 * applying the AppStack never conflicts with the operator's status, and a scale decision changes
 * {@code replicas} and nothing else.
 */
@Tag(ControlPlaneTests.TAG)
class ServerSideApplyTest {
  static final String CPU = "ssa_test_api_cpu_percent";
  static final String P95 = "ssa_test_api_p95_ms";
  static final String DEPTH = "ssa_test_queue_depth";
  static final String AGE = "ssa_test_oldest_job_age_seconds";
  static final Duration POLL = Duration.ofSeconds(1);

  static ClusterStacks stacks;
  static TestExporter exporter;
  static PrometheusServer prometheus;

  @BeforeAll
  static void start() {
    exporter = new TestExporter();
    prometheus = new PrometheusServer(exporter.port());
    stacks = new ClusterStacks("ssa").startOperator(prometheus.url());
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  /**
   * Every kind of child, with values the server normalises ({@code cpu: 0.1} is stored as {@code 100m},
   * {@code 1024Mi} as {@code 1Gi}) and defaults it fills in (probes, strategies, NetworkPolicy types): a
   * matcher that mistook those for differences would write on every reconcile.
   */
  static String quietStack(String name) {
    return apiOnly(name) + """
          redis: {mode: Standalone, storage: 1Gi, maxmemory: 256mb}
          database:
            primary:
              managed: {database: shop, storage: 2Gi}
            pgbouncer: {mode: Enabled}
            readReplicas: {mode: Enabled}
        """;
  }

  /** Load that keeps every signal of {@code stack} in its band: nothing to scale. */
  static void calm(String stack) {
    exporter.gauge(CPU + "{stack=\"" + stack + "\"}", 60);
    exporter.gauge(P95 + "{stack=\"" + stack + "\"}", 300);
    exporter.gauge(DEPTH + "{stack=\"" + stack + "\"}", 500);
    exporter.gauge(AGE + "{stack=\"" + stack + "\"}", 5);
  }

  @Test
  void aStackAtRestCausesNoWritesAndNoChildChangesForFivePolls() throws InterruptedException {
    String name = "quiet";
    calm("quiet");
    for (String set : List.of("redis-0", "postgres-0", "postgres-replica-0", "postgres-replica-1")) {
      stacks.volumeFor("data-" + name + "-" + set);
    }
    stacks.create(quietStack(name));
    stacks.awaitCondition(name, "Ready", "True");
    stacks.awaitCondition(name, "MetricsAvailable", "True");
    awaitSettled(name);

    AuditLog audit = stacks.cluster.auditLog();
    Map<String, String> before = versions(name);
    long mark = audit.mark();
    long reconcilesBefore = stacks.operator().reconciles();
    long unchangedBefore = stacks.operator().childrenUnchanged();
    Thread.sleep(POLL.multipliedBy(5).toMillis());

    // Other components' Events are left out: the scheduler's event recorder patches the series of an earlier
    // FailedScheduling (a pod that waited for its volume) on its own timer. Churn the operator caused would show
    // as writes to the objects themselves.
    List<AuditLog.Entry> writes = audit.since(mark, e -> e.isWrite() && e.namespace().equals(stacks.ns)
        && !(e.resource().equals("events") && !e.userAgent().startsWith(InProcessOperator.USER_AGENT)));
    assertThat(writes).as("writes in the namespace, by anyone, at rest").isEmpty();
    assertThat(stacks.operator().reconciles() - reconcilesBefore).as("reconciles in the window (one a poll)")
        .isGreaterThanOrEqualTo(4);
    assertThat(stacks.operator().childrenUnchanged() - unchangedBefore)
        .as("polls that found nothing changed and left the children alone").isGreaterThanOrEqualTo(3);
    assertThat(audit.since(mark, e -> e.userAgent().startsWith(InProcessOperator.USER_AGENT)
        && e.resource().equals("appstacks") && e.verb().equals("get")))
        .as("no stack read by GET while the operator's cache is current").isEmpty();
    assertThat(versions(name)).as("no child changed").isEqualTo(before);
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void theOperatorTakesBackItsOwnFieldsAndLeavesAnotherManagersFieldsAlone() {
    String name = "owned";
    calm(name);
    stacks.create(apiOnly(name));
    Deployment worker = stacks.awaitRolledOut(name + "-worker-emails");
    String container = worker.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    int replicas = worker.getSpec().getReplicas();
    assertThat(env(worker, "QUEUE_NAME")).isEqualTo("emails");
    // Three polls with no change: polls now leave the children alone, so the change below must reach the
    // operator through the child's own event (without it, only the full apply every 10 minutes would repair it).
    awaitSettled(name);

    // kubectl apply --server-side --force-conflicts: a person changes two of the operator's fields and
    // adds an annotation the operator has no opinion on.
    GenericKubernetesResource change = Serialization.unmarshal("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
          annotations: {team: payments}
        spec:
          replicas: 7
          template:
            spec:
              containers:
                - name: %s
                  env:
                    - {name: QUEUE_NAME, value: hijacked}
        """.formatted(name + "-worker-emails", stacks.ns, container), GenericKubernetesResource.class);
    stacks.client.resource(change).fieldManager("kubectl").forceConflicts().serverSideApply();

    Deployment restored = await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> stacks.get(Deployment.class, name + "-worker-emails"),
            d -> d.getSpec().getReplicas() == replicas && "emails".equals(env(d, "QUEUE_NAME")));
    assertThat(restored.getMetadata().getAnnotations()).containsEntry("team", "payments");
    assertThat(restored.getMetadata().getManagedFields())
        .anySatisfy(e -> assertThat(e.getManager()).isEqualTo("kubectl"));
    assertThat(ClusterStacks.operatorEntries(restored)).singleElement()
        .satisfies(e -> assertThat(e.getFieldsV1().getAdditionalProperties().toString())
            .contains("f:replicas").doesNotContain("f:team"));
    // Settled: the annotation stays, and the operator does not fight over it.
    AuditLog audit = stacks.cluster.auditLog();
    awaitSettled(name);
    long mark = audit.mark();
    sleep(Duration.ofSeconds(3));
    // The fight would be on the Deployment; the stack's status at rest is the first test's concern.
    assertThat(audit.since(mark, e -> e.isWrite() && e.userAgent().startsWith(InProcessOperator.USER_AGENT)
        && e.resource().equals("deployments"))).isEmpty();
    assertThat(stacks.get(Deployment.class, name + "-worker-emails").getMetadata().getAnnotations())
        .containsEntry("team", "payments");
  }

  @Test
  void aChildDeletedWhileTheStackIsAtRestIsCreatedAgain() {
    String name = "restored";
    calm(name);
    stacks.create(apiOnly(name));
    stacks.awaitCondition(name, "Ready", "True");
    Service service = stacks.get(Service.class, name + "-api");
    awaitSettled(name); // polls now leave the children alone: only the deletion's own event can bring it back
    stacks.client.resource(service).withGracePeriod(0).delete();

    Service again = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> stacks.get(Service.class, name + "-api"),
            s -> s != null && !s.getMetadata().getUid().equals(service.getMetadata().getUid()));
    assertThat(again.getSpec().getSelector()).isEqualTo(service.getSpec().getSelector());
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void aGitOpsApplyOfTheAppStackNeverConflictsWithTheOperatorsStatus() {
    String name = "gitops";
    calm("gitops");
    GenericKubernetesResource desired = Serialization.unmarshal(apiOnly(name), GenericKubernetesResource.class);
    desired.getMetadata().setNamespace(stacks.ns);
    // Argo CD applies server-side under its own manager, without forcing conflicts.
    for (int sync = 0; sync < 5; sync++) {
      stacks.client.resource(desired).fieldManager("argocd-controller").serverSideApply();
      stacks.awaitCondition(name, "Ready", "True");
      sleep(POLL.multipliedBy(2));
    }
    AppStack stack = stacks.stack(name);
    assertThat(stack.getStatus().scaling()).isNotNull();
    assertThat(stack.getMetadata().getManagedFields())
        .anySatisfy(e -> {
          assertThat(e.getManager()).isEqualTo("argocd-controller");
          assertThat(e.getSubresource()).isNullOrEmpty();
        })
        .allSatisfy(e -> {
          if (e.getManager().equals(ClusterStacks.FIELD_MANAGER)) {
            assertThat(e.getSubresource()).as("the operator never writes the spec").isEqualTo("status");
          }
        });
    assertThat(stack.getMetadata().getManagedFields())
        .anySatisfy(e -> assertThat(e.getManager()).isEqualTo(ClusterStacks.FIELD_MANAGER));
    // The next sync changes the spec: still no conflict, and the operator follows it.
    String next = apiOnly(name).replace("shop-api:1.4.2", "shop-api:1.5.0");
    GenericKubernetesResource changed = Serialization.unmarshal(next, GenericKubernetesResource.class);
    changed.getMetadata().setNamespace(stacks.ns);
    stacks.client.resource(changed).fieldManager("argocd-controller").serverSideApply();
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(Deployment.class, name + "-api").getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage().equals("ghcr.io/acme/shop-api:1.5.0"));
    stacks.awaitRolledOut(name + "-api");
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void aScaleDecisionChangesReplicasAndNothingElse() {
    String name = "scaled";
    calm("scaled");
    stacks.create(apiOnly(name));
    stacks.awaitRolledOut(name + "-api");
    stacks.awaitCondition(name, "MetricsAvailable", "True");
    awaitSettled(name);
    Deployment before = stacks.get(Deployment.class, name + "-api");
    Map<String, String> others = specVersions(name);
    others.remove("Deployment/" + name + "-api");
    AuditLog audit = stacks.cluster.auditLog();
    long mark = audit.mark();

    // 90% CPU on 3 pods against the 70% target: ceil(3 × 90 / 70) = 4 once it has lasted upFor (2s).
    exporter.gauge(CPU + "{stack=\"scaled\"}", 90);
    Deployment after = await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> stacks.get(Deployment.class, name + "-api"), d -> d.getSpec().getReplicas() == 4);
    exporter.gauge(CPU + "{stack=\"scaled\"}", 60);
    stacks.awaitRolledOut(name + "-api");

    assertThat(before.getSpec().getReplicas()).isEqualTo(3);
    assertThat(specWithoutReplicas(after)).as("only replicas changed").isEqualTo(specWithoutReplicas(before));
    List<AuditLog.Entry> childWrites = audit.writesBy(InProcessOperator.USER_AGENT, mark).stream()
        .filter(e -> !e.resource().equals("events") && !e.resource().equals("appstacks"))
        .toList();
    assertThat(childWrites).as("the operator's writes to children").singleElement()
        .satisfies(e -> assertThat(e.resource() + "/" + e.name() + " " + e.verb())
            .isEqualTo("deployments/" + name + "-api patch"));
    // The disruption controller updates the PodDisruptionBudget's status as pods come: only specs count here.
    Map<String, String> othersAfter = specVersions(name);
    othersAfter.remove("Deployment/" + name + "-api");
    assertThat(othersAfter).isEqualTo(others);
    assertThat(stacks.client.v1().events().inNamespace(stacks.ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getMessage()).contains("api 3→4"));
  }

  /** An API and a worker pool, both read from the test's exporter, with quantities the server normalises. */
  static String apiOnly(String name) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %1$s}
        spec:
          phase: Medium
          autoscaling: {pollInterval: 1s}
          api:
            image: ghcr.io/acme/shop-api:1.4.2
            resources:
              requests: {cpu: "0.1", memory: 1024Mi}
              limits: {memory: 2Gi}
            env:
              - {name: LOG_LEVEL, value: info}
            scaling:
              upFor: 2s
              downFor: 5s
              queries: {cpu: 'max(%2$s{stack="%1$s"})', p95Ms: 'max(%3$s{stack="%1$s"})'}
          workers:
            - name: emails
              image: ghcr.io/acme/shop-worker:1.4.2
              queue: emails
              resources:
                requests: {cpu: "0.25", memory: 256Mi}
              scaling:
                queries: {depth: 'max(%4$s{stack="%1$s"})', oldestJobAgeSeconds: 'max(%5$s{stack="%1$s"})'}
        """.formatted(name, CPU, P95, DEPTH, AGE);
  }

  static Map<String, Object> specWithoutReplicas(Deployment deployment) {
    Map<String, Object> spec = Serialization.jsonMapper().convertValue(deployment.getSpec(),
        Serialization.jsonMapper().getTypeFactory().constructMapType(TreeMap.class, String.class, Object.class));
    spec.remove("replicas");
    return spec;
  }

  /** Waits until neither the stack nor any of its children changed for three poll intervals. */
  static void awaitSettled(String name) {
    await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
      String before = versions(name).toString() + stacks.stack(name).getMetadata().getResourceVersion();
      sleep(POLL.multipliedBy(3));
      return before.equals(versions(name).toString() + stacks.stack(name).getMetadata().getResourceVersion());
    });
  }

  /** uid@resourceVersion of every child of the stack, by kind/name. */
  static Map<String, String> versions(String name) {
    Map<String, String> versions = new TreeMap<>();
    for (Class<? extends HasMetadata> type : List.of(Deployment.class, StatefulSet.class, Service.class,
        PodDisruptionBudget.class, Secret.class, NetworkPolicy.class)) {
      stacks.client.resources(type).inNamespace(stacks.ns).withLabel(Labels.STACK, name).list().getItems()
          .forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(),
              r.getMetadata().getUid() + "@" + r.getMetadata().getResourceVersion()));
    }
    return versions;
  }

  /** uid@generation of every child (resourceVersion for kinds without a generation): what changes with a spec. */
  static Map<String, String> specVersions(String name) {
    Map<String, String> versions = new TreeMap<>();
    for (Class<? extends HasMetadata> type : List.of(Deployment.class, StatefulSet.class, Service.class,
        PodDisruptionBudget.class, Secret.class, NetworkPolicy.class)) {
      stacks.client.resources(type).inNamespace(stacks.ns).withLabel(Labels.STACK, name).list().getItems()
          .forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(), r.getMetadata().getUid() + "@"
              + (r.getMetadata().getGeneration() != null ? "g" + r.getMetadata().getGeneration()
                  : r.getMetadata().getResourceVersion())));
    }
    return versions;
  }

  static String env(Deployment deployment, String variable) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(variable)).map(EnvVar::getValue).findFirst().orElse(null);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
