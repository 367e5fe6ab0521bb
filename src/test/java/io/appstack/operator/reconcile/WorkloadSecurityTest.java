package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.data.Toggle;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.testing.PodSecurity;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every workload the operator generates for every sample — API, worker pools, Redis (standalone and
 * cluster), PgBouncer, PostgreSQL primary and replicas, and the Jobs that form and fill a Redis cluster —
 * meets the Kubernetes {@code restricted} Pod Security Standard. The samples are created as they ship, except that a
 * CloudNativePG primary runs as the operator's own here (CloudNativePG's pods are its own, and this mock API serves
 * no CloudNativePG), then one Redis is moved from standalone to cluster, for the Job that imports its keys;
 * the test plays the StatefulSet, Deployment and Job controllers so that the stacks go as far as they can,
 * and checks every pod template it ever saw, including those of Jobs deleted once done.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
@io.quarkus.test.junit.TestProfile(WorkloadSecurityTest.SamplesPrometheusAllowed.class)
class WorkloadSecurityTest {
  /** The operator as an installer who allowed the Prometheus URLs the samples name (chart prometheus.allowedUrls). */
  public static class SamplesPrometheusAllowed implements io.quarkus.test.junit.QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("appstack.prometheus.allowed-urls",
          "https://prometheus.monitoring.svc:9091,http://prometheus-operated.monitoring.svc:9090");
    }
  }

  static final String NS = TestCluster.NAMESPACE;
  static final Duration SETTLE = Duration.ofSeconds(4);
  static final Duration LIMIT = Duration.ofSeconds(90);

  @Inject
  KubernetesClient client;

  @Test
  void everyWorkloadOfEverySampleMeetsTheRestrictedStandard() throws IOException {
    secret("prometheus-token", Map.of("token", "t0ken"));
    // As the enterprise sample says: labelled for Prometheus (its URL is allowed in the test profile).
    client.secrets().inNamespace(NS).withName("prometheus-token").edit(s -> {
      s.getMetadata().setLabels(Map.of(io.appstack.operator.metrics.PrometheusAccess.TOKEN_LABEL, "true"));
      return s;
    });
    secret("shop-db-credentials", Map.of("username", "shop", "password", "s3cret-passw0rd"));

    Map<String, PodSpec> seen = new TreeMap<>();
    for (Path sample : samples()) {
      String name = sample.getFileName().toString().replace(".yaml", "");
      AppStack stack = withOwnPrimary(Serialization.unmarshal(Files.readString(sample), AppStack.class));
      stack.setMetadata(new ObjectMeta());
      stack.getMetadata().setNamespace(NS);
      stack.getMetadata().setName(name);
      client.resource(stack).create();

      Map<String, PodSpec> workloads = driveUntilSettled(name);
      assertThat(workloads.keySet()).as(sample + ": the workloads its spec asks for")
          .containsAll(expectedWorkloads(name, stack.getSpec()));
      workloads.forEach((workload, pod) -> seen.put(sample.getFileName() + " " + workload, pod));
    }

    // Moving the medium sample's standalone Redis into a cluster adds the Job that imports its keys.
    client.resources(AppStack.class).inNamespace(NS).withName("medium").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"redis\":{\"mode\":\"Cluster\",\"shards\":3}}}");
    driveUntilSettled("medium").forEach((workload, pod) -> seen.put("medium.yaml, Redis moved to Cluster: " + workload, pod));

    assertThat(seen.keySet()).as("every kind of workload").anyMatch(w -> w.endsWith("-redis-import")).anyMatch(w -> w.contains("Job/"))
        .anyMatch(w -> w.contains("-redis-cluster")).anyMatch(w -> w.contains("-postgres-replica"))
        .anyMatch(w -> w.contains("-pgbouncer"));
    System.out.println("restricted PSS checked on " + seen.size() + " workloads: " + seen.keySet());
    Map<String, List<String>> violations = new TreeMap<>();
    seen.forEach((workload, pod) -> {
      List<String> found = PodSecurity.restrictedViolations(pod);
      if (!found.isEmpty()) {
        violations.put(workload, found);
      }
    });
    assertThat(violations).as("restricted PSS violations among " + seen.keySet()).isEmpty();
  }

  /** The stack with the operator's own primary in place of CloudNativePG's (and so without backups). */
  static AppStack withOwnPrimary(AppStack stack) {
    var db = stack.getSpec().database();
    if (db == null || db.primary().cloudNativePG() == null) {
      return stack;
    }
    var cnpg = db.primary().cloudNativePG();
    var own = new io.appstack.operator.api.data.DatabaseSpec(new io.appstack.operator.api.data.PrimarySpec(null,
        new io.appstack.operator.api.data.ManagedPrimary(cnpg.database(), cnpg.storage(), null), null),
        db.maxConnections(), db.poolSizePerPod(), db.pgbouncer(), db.readReplicas(), db.metrics(), null);
    var s = stack.getSpec();
    stack.setSpec(new io.appstack.operator.api.AppStackSpec(s.phase(), s.paused(), s.api(), s.workers(),
        s.prometheus(), s.autoscaling(), s.limits(), s.redis(), own, s.networkPolicies(), s.deletionPolicy()));
    return stack;
  }

  static List<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("samples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** What the sample's spec names: the API, each pool, and each data-tier part it turns on explicitly. */
  static Set<String> expectedWorkloads(String name, AppStackSpec spec) {
    Set<String> expected = new java.util.TreeSet<>();
    expected.add("Deployment/" + name + "-api");
    for (WorkerSpec worker : spec.workers()) {
      expected.add("Deployment/" + name + "-worker-" + worker.name());
    }
    if (spec.redis() != null) {
      expected.add("StatefulSet/" + name + (spec.redis().mode().name().equals("Cluster") ? "-redis-cluster" : "-redis"));
    }
    if (spec.database() != null) {
      if (spec.database().primary().managed() != null) {
        expected.add("StatefulSet/" + name + "-postgres");
      }
      if (spec.database().pgbouncer() != null && spec.database().pgbouncer().mode() == Toggle.Enabled) {
        expected.add("Deployment/" + name + "-pgbouncer");
      }
      if (spec.database().readReplicas() != null && spec.database().readReplicas().mode() == Toggle.Enabled) {
        expected.add("StatefulSet/" + name + "-postgres-replica");
      }
    }
    return expected;
  }

  /**
   * Plays the controllers (every pod ready, every Job done) until no new workload has appeared for
   * {@link #SETTLE}; returns every workload's pod template seen on the way.
   */
  Map<String, PodSpec> driveUntilSettled(String name) {
    Map<String, PodSpec> seen = new TreeMap<>();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < SETTLE.toNanos()) {
      assertThat(System.nanoTime()).as(name + " settles").isLessThan(deadline);
      int before = seen.size();
      for (var d : client.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()) {
        seen.put(key(d), d.getSpec().getTemplate().getSpec());
        TestCluster.rollOut(client, d);
      }
      for (StatefulSet set : client.apps().statefulSets().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()) {
        seen.put(key(set), set.getSpec().getTemplate().getSpec());
        ready(set);
      }
      for (Job job : client.batch().v1().jobs().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()) {
        seen.put(key(job), job.getSpec().getTemplate().getSpec());
        complete(job);
      }
      if (seen.size() != before) {
        quietSince = System.nanoTime();
      }
      pause();
    }
    return seen;
  }

  static String key(HasMetadata workload) {
    return workload.getKind() + "/" + workload.getMetadata().getName();
  }

  void ready(StatefulSet set) {
    int replicas = set.getSpec().getReplicas();
    if (set.getStatus() != null && set.getStatus().getReadyReplicas() != null
        && set.getStatus().getReadyReplicas() == replicas
        && set.getMetadata().getGeneration().equals(set.getStatus().getObservedGeneration())) {
      return;
    }
    set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
        .withReplicas(replicas).withReadyReplicas(replicas).withCurrentReplicas(replicas)
        .withUpdatedReplicas(replicas).withAvailableReplicas(replicas).build());
    client.resource(set).updateStatus();
  }

  void complete(Job job) {
    if (job.getStatus() != null && job.getStatus().getSucceeded() != null) {
      return;
    }
    job.setStatus(new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder()
        .withType("Complete").withStatus("True").build()).build());
    client.resource(job).updateStatus();
  }

  void secret(String name, Map<String, String> data) {
    client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withStringData(data).build()).create();
  }

  static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
