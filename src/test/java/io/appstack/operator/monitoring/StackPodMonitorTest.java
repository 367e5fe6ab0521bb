package io.appstack.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.LenientYaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One PodMonitor per stack: an endpoint for each part that serves metrics, each keeping only its own pods. */
class StackPodMonitorTest {
  private static final AppStack STACK = LenientYaml.read("""
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: shop, namespace: ns, uid: uid-1}
      spec:
        api: {image: acme/api:1, metricsPath: /prom}
        workers:
          - {name: mail, image: w, queue: mail, metricsPath: /metrics, port: 9464}
          - {name: quiet, image: w, queue: quiet}
      """, AppStack.class);

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> endpoints(PodMonitor monitor) {
    return (List<Map<String, Object>>) monitor.getSpec().get("podMetricsEndpoints");
  }

  private static Object keeps(Map<String, Object> endpoint) {
    return ((List<?>) endpoint.get("relabelings")).get(0);
  }

  @Test
  void scrapesTheApiAndThePoolsThatServeMetricsButNotAQuietWorker() {
    PodMonitor monitor = StackPodMonitor.desired(STACK, Map.of("release", "prometheus"), null);
    assertThat(monitor.getMetadata().getName()).isEqualTo("shop-pods");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus")
        .containsEntry("app.kubernetes.io/managed-by", "appstack-operator");
    assertThat(monitor.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
    assertThat(monitor.getSpec().get("selector")).isEqualTo(Map.of("matchLabels",
        Map.of("appstack.io/stack", "shop", "app.kubernetes.io/managed-by", "appstack-operator")));
    var endpoints = endpoints(monitor);
    assertThat(endpoints).extracting(e -> e.get("path")).containsExactly("/prom", "/metrics");
    assertThat(endpoints).extracting(e -> e.get("port")).containsOnly("http");
    assertThat(keeps(endpoints.get(0))).isEqualTo(Map.of("action", "keep",
        "sourceLabels", List.of(StackPodMonitor.COMPONENT_META), "regex", "api"));
    assertThat(keeps(endpoints.get(1))).isEqualTo(Map.of("action", "keep",
        "sourceLabels", List.of(StackPodMonitor.POOL_META), "regex", "mail"));
  }

  @Test
  void scrapesTheRedisExporterWhenTheStackRunsOne() {
    var endpoints = endpoints(StackPodMonitor.desired(STACK, Map.of(), 9121));
    assertThat(endpoints).hasSize(3);
    assertThat(endpoints.get(2)).containsEntry("port", "metrics").containsEntry("path", "/metrics");
    assertThat(keeps(endpoints.get(2))).isEqualTo(Map.of("action", "keep",
        "sourceLabels", List.of(StackPodMonitor.COMPONENT_META), "regex", "redis-exporter"));
  }

  @Test
  void theInstallersLabelsAreParsedAndAMalformedOneIsAnError() {
    assertThat(ScrapeSettings.parse("release=prometheus, team = platform")).containsExactly(
        Map.entry("release", "prometheus"), Map.entry("team", "platform"));
    assertThat(ScrapeSettings.parse("")).isEmpty();
    assertThatThrownBy(() -> ScrapeSettings.parse("release")).hasMessageContaining("'release' is not key=value");
  }
}
