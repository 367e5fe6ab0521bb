package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.monitoring.PodMonitor;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scrape wiring on a real control plane: without the Prometheus Operator the pods carry the prometheus.io
 * annotations and no PodMonitor is attempted; once its CRDs (from the pinned module) are served, each stack gets
 * a PodMonitor the real CRD schema accepts, applied server-side and removed with the stack by the garbage collector.
 */
@Tag(ControlPlaneTests.TAG)
class PodMonitorTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("podmon").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  @Test
  void annotationsAlwaysAndAPodMonitorOnceThePrometheusOperatorIsServed() {
    stacks.create("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop}
        spec:
          phase: Small
          autoscaling: {pollInterval: 2s}
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          redis: {mode: Standalone}
          workers:
            - {name: mail, image: ghcr.io/acme/shop-worker:1.4.2, queue: mail, queueBackend: bullmq,
               metricsPath: /metrics, port: 9464}
            - {name: resize, image: ghcr.io/acme/shop-worker:1.4.2, queue: "jobs:resize", queueBackend: redisList}
        """);
    Deployment api = stacks.awaitRolledOut("shop-api");
    assertThat(api.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8080");
    Deployment exporter = stacks.await(Deployment.class, "shop-redis-exporter");
    assertThat(exporter.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("db0=jobs%3Aresize"));
    assertThat(stacks.get(PodMonitor.class, "shop-pods")).as("no Prometheus Operator here yet").isNull();

    ControlPlaneTests.installPrometheusOperatorCrds(stacks.cluster);
    // The operator looks again within 30 s of its last look.
    PodMonitor monitor = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.get(PodMonitor.class, "shop-pods"), m -> m != null);
    AppStack stack = stacks.stack("shop");
    assertThat(monitor.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(stack.getMetadata().getUid()));
    assertThat(ClusterStacks.operatorEntries(monitor)).as("applied server-side").isNotEmpty()
        .allSatisfy(e -> assertThat(e.getOperation()).isEqualTo("Apply"));
    @SuppressWarnings("unchecked")
    var endpoints = (List<Map<String, Object>>) monitor.getSpec().get("podMetricsEndpoints");
    assertThat(endpoints).extracting(e -> e.get("port")).containsExactly("http", "http", "metrics");
    assertThat(stacks.condition("shop", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));

    // At rest, polls leave the children alone, the optional PodMonitor's informer included (JOSDK re-indexes it
    // at every workflow run that activates it: no change, and it must not count as one).
    long unchanged = stacks.operator().childrenUnchanged();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.operator().childrenUnchanged() >= unchanged + 3);
    // And a PodMonitor deleted by hand then comes back through its own event.
    stacks.client.resource(monitor).delete();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> stacks.get(PodMonitor.class, "shop-pods"),
            m -> m != null && !m.getMetadata().getUid().equals(monitor.getMetadata().getUid()));

    stacks.client.resource(stack).delete();
    await().atMost(ClusterStacks.TIMEOUT).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.get(PodMonitor.class, "shop-pods") == null);
  }
}
