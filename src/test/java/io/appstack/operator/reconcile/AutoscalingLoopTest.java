package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.ApiQueries;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.PhaseMode;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.api.autoscaling.WorkerScaling;
import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.TestCluster;
import io.appstack.operator.testing.TestExporter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with a real Prometheus: an in-test exporter sets the figures, Prometheus scrapes it
 * every second, the operator (against the mock API server) reads it and moves the Deployments.
 * Windows are shortened in the test's AppStack; rules and rate limits are the production ones.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class AutoscalingLoopTest {
  static final String NS = TestCluster.NAMESPACE;
  static final String NAME = "loop";
  static final Duration TIMEOUT = Duration.ofSeconds(45);
  static final String CPU = "test_api_cpu_percent{appstack=\"loop\"}";
  static final String P95 = "test_api_p95_ms{appstack=\"loop\"}";
  static final String DEPTH = "appstack_queue_depth{namespace=\"" + NS + "\",pod=\"loop-worker-emails-5d4c3b2a1-abcde\",queue=\"emails\"}";
  static final String AGE = "appstack_queue_oldest_job_age_seconds{namespace=\"" + NS + "\",pod=\"loop-worker-emails-5d4c3b2a1-abcde\",queue=\"emails\"}";

  static TestExporter exporter;
  static PrometheusServer prometheus;

  @Inject
  KubernetesClient client;

  @BeforeAll
  static void startPrometheus() {
    exporter = new TestExporter();
    calm();
    prometheus = new PrometheusServer(exporter.port());
  }

  @AfterAll
  static void stopPrometheus() {
    prometheus.close();
    exporter.close();
  }

  static void calm() {
    exporter.gauge(CPU, 40);
    exporter.gauge(P95, 300);
    exporter.gauge(DEPTH, 600);
    exporter.gauge(AGE, 5);
  }

  static AppStackSpec spec() {
    // CPU and p95 through per-stack overrides (gauges react at once); the queue through the shared defaults.
    ApiScaling apiScaling = new ApiScaling(null, null, null, null, "3s", "5s",
        new ApiQueries("sum(" + CPU + ")", "sum(" + P95 + ")"));
    WorkerScaling workerScaling = new WorkerScaling(null, null, null, null, "0s", "5s", null);
    return new AppStackSpec(PhaseMode.Medium, null,
        ApiSpec.of("ghcr.io/acme/loop-api:1").withScaling(apiScaling),
        List.of(WorkerSpec.of("emails", "ghcr.io/acme/loop-worker:1", "emails").withScaling(workerScaling)),
        new PrometheusSpec(prometheus.url().toString(), null, "2s", null, null),
        AutoscalingSpec.polledEvery("1s"), null, null, null, null, null);
  }

  @Test
  void scalesUpAndDownByTheRulesHoldsWhilePrometheusIsDownAndResumes() throws java.io.IOException {
    client.resource(new AppStack(NS, NAME, spec())).create();
    await().atMost(TIMEOUT).until(() -> replicas("loop-api") == 3 && replicas("loop-worker-emails") == 3);
    awaitCondition("MetricsAvailable", "True");

    // Prometheus goes away: counts are held, and status says which queries failed and why.
    prometheus.stop();
    Condition unavailable = awaitCondition("MetricsAvailable", "False");
    assertThat(unavailable.getMessage()).contains("api cpu: unreachable (cannot connect to", "worker/emails depth",
        "Replica counts are held");
    exporter.gauge(DEPTH, 12_000);
    holdsFor(Duration.ofSeconds(4), "loop-worker-emails", 3);

    // It comes back: 12,000 jobs for 3 workers is 4,000 each against a target of 1,000 → ⌈12000/1000⌉ = 12,
    // capped at the Medium maximum of 5.
    prometheus.start();
    await().atMost(TIMEOUT).until(() -> replicas("loop-worker-emails") == 5);
    awaitCondition("MetricsAvailable", "True");
    Event workerUp = awaitEvent(e -> e.getMessage().startsWith("worker emails 3→5"));
    assertThat(workerUp.getReason()).isEqualTo("ScaledUp");
    assertThat(workerUp.getType()).isEqualTo("Normal");
    assertThat(workerUp.getMessage()).startsWith("worker emails 3→5: depth/worker 4000 (target 1000) wants 12")
        .contains("capped at max 5 (wanted 12)");
    assertThat(workerUp.getInvolvedObject().getKind()).isEqualTo("AppStack");

    // CPU 90% against the 70% target for the 3s up window: ⌈3 × 90 / 70⌉ = 4.
    exporter.gauge(CPU, 90);
    await().atMost(TIMEOUT).until(() -> replicas("loop-api") == 4);
    assertThat(awaitEvent(e -> e.getMessage().startsWith("api 3→4")).getMessage())
        .startsWith("api 3→4: cpu 90% (target 70%) wants 4 for 3s");
    // Status is patched after the Deployments are written.
    AppStack scaled = await().atMost(TIMEOUT).until(() -> client.resources(AppStack.class).inNamespace(NS)
        .withName(NAME).get(), s -> s.getStatus().components().api().desiredReplicas() == 4);
    assertThat(scaled.getStatus().components().api().lastDecision()).startsWith("api 3→4");
    assertThat(scaled.getStatus().scaling().recentDecisions()).extracting(d -> d.reason())
        .anySatisfy(r -> assertThat(r).startsWith("api 3→4"))
        .anySatisfy(r -> assertThat(r).startsWith("worker emails 3→5"));

    // Everything wants fewer pods for the 5s down windows (and p95 is within its limit).
    exporter.gauge(CPU, 10);
    exporter.gauge(P95, 50);
    exporter.gauge(DEPTH, 0);
    exporter.gauge(AGE, 0);
    await().atMost(TIMEOUT).until(() -> replicas("loop-api") == 3);
    // −50% per minute: 5 → 3, Medium's minimum, in one step; it stays there.
    await().atMost(TIMEOUT).until(() -> replicas("loop-worker-emails") == 3);
    holdsFor(Duration.ofSeconds(3), "loop-worker-emails", 3);
    assertThat(awaitEvent(e -> e.getMessage().startsWith("api 4→3:")).getReason()).isEqualTo("ScaledDown");

    // The operator's own metrics tell the same story on /q/metrics, beside the SDK's.
    String metrics = scrapeOperator();
    assertThat(metrics)
        .containsPattern("appstack_scaling_decisions_total\\{[^}]*appstack=\"loop\"[^}]*component=\"api\"[^}]*direction=\"up\"")
        .containsPattern("appstack_scaling_decisions_total\\{[^}]*component=\"worker/emails\"[^}]*direction=\"down\"")
        .containsPattern("appstack_replicas_desired\\{[^}]*appstack=\"loop\"[^}]*component=\"api\"[^}]*} 3\\.0")
        .containsPattern("appstack_phase\\{[^}]*appstack=\"loop\"[^}]*} 1\\.0")
        .containsPattern("appstack_prometheus_query_seconds_count\\{[^}]*outcome=\"unreachable\"")
        .containsPattern("appstack_prometheus_query_errors_total\\{[^}]*kind=\"unreachable\"")
        .contains("operator_sdk_");

    // Every series the shipped Grafana dashboard plots exists (the budget gauge needs a database; this
    // stack has none, so it is checked by name in OperatorMetrics' own test).
    String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of(
        "helm-chart/appstack-operator/dashboards/appstack-operator.json"));
    var names = java.util.regex.Pattern.compile("(appstack_[a-z_]+|operator_sdk_[a-z_]+)").matcher(dashboard)
        .results().map(m -> m.group(1)).distinct().filter(n -> !n.equals("appstack_connection_budget_holds")).toList();
    assertThat(names).hasSizeGreaterThan(8);
    assertThat(names).allSatisfy(n -> assertThat(metrics).as("dashboard series " + n).contains(n));
  }

  @Test
  void healthEndpointsReportTheOperatorAndItsInformers() {
    String ready = get("/q/health/ready");
    assertThat(ready).contains("\"status\": \"UP\"").contains("Quarkus Operator SDK").contains("appstack");
    assertThat(get("/q/health/live")).contains("\"status\": \"UP\"");
  }

  static String scrapeOperator() {
    return get("/q/metrics");
  }

  static String get(String path) {
    int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://localhost:" + port + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int replicas(String deployment) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
    return d == null ? -1 : d.getSpec().getReplicas();
  }

  void holdsFor(Duration duration, String deployment, int expected) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      assertThat(replicas(deployment)).isEqualTo(expected);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Events are recorded just after the Deployments are written: wait for the one wanted. */
  Event awaitEvent(java.util.function.Predicate<Event> wanted) {
    return await().atMost(TIMEOUT).until(() -> events().stream().filter(wanted).findFirst().orElse(null),
        java.util.Objects::nonNull);
  }

  List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> NAME.equals(e.getInvolvedObject().getName())).toList();
  }

  Condition awaitCondition(String type, String status) {
    return await().atMost(TIMEOUT).until(() -> {
      AppStack stack = client.resources(AppStack.class).inNamespace(NS).withName(NAME).get();
      return stack == null || stack.getStatus() == null ? null : stack.getStatus().condition(type).orElse(null);
    }, c -> c != null && status.equals(c.getStatus()));
  }
}
