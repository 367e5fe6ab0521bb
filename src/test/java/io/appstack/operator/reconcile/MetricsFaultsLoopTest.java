package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.autoscaling.ApiQueries;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.PhaseMode;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.testing.PrometheusFaultProxy;
import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.TestCluster;
import io.appstack.operator.testing.TestExporter;
import io.fabric8.kubernetes.api.model.Condition;
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
 * Prometheus misbehaves while the API is under load that would scale it up: slower than the stack's
 * timeout, a malformed body, NaN, +Inf and -Inf values, an empty vector. In each case the operator holds
 * the replica count, names the signal and the cause in {@code MetricsAvailable}, and scales as soon as
 * the figures are real again. A real Prometheus scrapes an in-test exporter; a proxy in front of it
 * supplies the faults a real Prometheus cannot be made to produce.
 */
@QuarkusTest
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class MetricsFaultsLoopTest {
  static final String NS = TestCluster.NAMESPACE;
  static final String NAME = "faulty";
  static final Duration TIMEOUT = Duration.ofSeconds(45);
  static final Duration HOLD = Duration.ofSeconds(4);
  static final String CPU = "test_api_cpu_percent{appstack=\"faulty\"}";
  static final String P95 = "test_api_p95_ms{appstack=\"faulty\"}";

  static TestExporter exporter;
  static PrometheusServer prometheus;
  static PrometheusFaultProxy proxy;

  @Inject
  KubernetesClient client;

  @BeforeAll
  static void startPrometheus() {
    exporter = new TestExporter();
    exporter.gauge(CPU, 40);
    exporter.gauge(P95, 300);
    prometheus = new PrometheusServer(exporter.port());
    proxy = new PrometheusFaultProxy(prometheus.url());
  }

  @AfterAll
  static void stopPrometheus() {
    proxy.close();
    prometheus.close();
    exporter.close();
  }

  static AppStackSpec spec() {
    ApiScaling scaling = new ApiScaling(null, null, null, null, "2s", "5s",
        new ApiQueries("sum(" + CPU + ")", "sum(" + P95 + ")"));
    return new AppStackSpec(PhaseMode.Medium, null, ApiSpec.of("ghcr.io/acme/faulty-api:1").withScaling(scaling),
        List.of(), new PrometheusSpec(proxy.url().toString(), null, "1s", null, null),
        AutoscalingSpec.polledEvery("1s"), null, null, null, null, null);
  }

  @Test
  void everyPrometheusFaultHoldsReplicasNamesTheCauseAndHeals() {
    client.resource(new AppStack(NS, NAME, spec())).create();
    await().atMost(TIMEOUT).until(() -> replicas() == 3);
    awaitMetrics("True");

    // From here on the load would scale the API up (90% > 70%) whenever the operator could read it.
    proxy.slow(Duration.ofSeconds(3));
    exporter.gauge(CPU, 90);
    assertHeldWith("api cpu: timeout", "api p95: timeout");

    proxy.malformed();
    assertHeldWith("api cpu: malformed response", "api p95: malformed response");

    exporter.gauge(CPU, Double.NaN);
    proxy.forward();
    assertHeldWith("api cpu: NaN");

    exporter.gauge(CPU, Double.POSITIVE_INFINITY);
    assertHeldWith("api cpu: infinite value");

    exporter.gauge(CPU, Double.NEGATIVE_INFINITY);
    assertHeldWith("api cpu: infinite value");

    exporter.remove(CPU);
    assertHeldWith("api cpu: no data");
    assertThat(proxy.faulted()).isPositive();

    // Real figures again: ceil(3 × 90 / 70) = 4 once CPU has been high for the 2s window.
    exporter.gauge(CPU, 90);
    await().atMost(TIMEOUT).until(() -> replicas() == 4);
    awaitMetrics("True");
  }

  /** MetricsAvailable turns False naming the signal and cause, and the count stays put meanwhile. */
  void assertHeldWith(String... causes) {
    Condition condition = await().atMost(TIMEOUT).until(() -> metricsAvailable(),
        c -> c != null && "False".equals(c.getStatus()) && containsAll(c.getMessage(), causes));
    assertThat(condition.getReason()).isEqualTo("SignalsMissing");
    assertThat(condition.getMessage()).contains("Replica counts are held");
    long end = System.nanoTime() + HOLD.toNanos();
    while (System.nanoTime() < end) {
      assertThat(replicas()).as("held while " + String.join(", ", causes)).isEqualTo(3);
      sleep(Duration.ofMillis(200));
    }
    assertThat(metricsAvailable().getMessage()).as("the cause is still reported").contains(causes);
  }

  static boolean containsAll(String message, String... parts) {
    return message != null && List.of(parts).stream().allMatch(message::contains);
  }

  int replicas() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME + "-api").get();
    return d == null ? -1 : d.getSpec().getReplicas();
  }

  Condition metricsAvailable() {
    AppStack stack = client.resources(AppStack.class).inNamespace(NS).withName(NAME).get();
    return stack == null || stack.getStatus() == null ? null : stack.getStatus().condition("MetricsAvailable").orElse(null);
  }

  void awaitMetrics(String status) {
    await().atMost(TIMEOUT).until(this::metricsAvailable, c -> c != null && status.equals(c.getStatus()));
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
