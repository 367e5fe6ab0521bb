package io.appstack.operator.monitoring;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PodMonitor that has the Prometheus Operator scrape a stack's pods where it runs: the API's metrics, each
 * worker pool that serves some (metricsPath), and the Redis exporter of queueBackend redisList. One object per
 * stack; each endpoint keeps only its own pods. Prometheus adds the namespace, pod and container labels the
 * default queries read. Elsewhere the pods' prometheus.io annotations say the same to a Prometheus that reads them.
 */
public final class StackPodMonitor {
  public static final String GROUP = "monitoring.coreos.com";
  public static final String VERSION = "v1";
  static final String COMPONENT_META = "__meta_kubernetes_pod_label_app_kubernetes_io_component";
  static final String POOL_META = "__meta_kubernetes_pod_label_appstack_io_worker_pool";

  private StackPodMonitor() {}

  /**
   * The stack's PodMonitor, labelled with {@code extraLabels} (those a Prometheus selects PodMonitors by).
   *
   * @param exporterPort the Redis exporter's port when the stack runs one, else null
   */
  public static PodMonitor desired(AppStack stack, Map<String, String> extraLabels, Integer exporterPort) {
    List<Map<String, Object>> endpoints = new ArrayList<>();
    var api = stack.getSpec().api();
    endpoints.add(endpoint("http", api, relabelKeep(COMPONENT_META, Labels.API)));
    for (WorkerSpec worker : stack.getSpec().workers()) {
      if (worker.metricsPath() != null) {
        endpoints.add(endpoint("http", worker, relabelKeep(POOL_META, worker.name())));
      }
    }
    if (exporterPort != null) {
      Map<String, Object> exporter = new LinkedHashMap<>();
      exporter.put("port", "metrics");
      exporter.put("path", "/metrics");
      exporter.put("relabelings", List.of(relabelKeep(COMPONENT_META, Labels.REDIS_EXPORTER)));
      endpoints.add(exporter);
    }
    String name = Names.podMonitor(stack);
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.putAll(Labels.of(stack, Labels.POD_MONITOR, name));
    PodMonitor monitor = new PodMonitor();
    monitor.setMetadata(ChildMetadata.of(stack, name, labels));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", Map.of(Labels.STACK, stack.getMetadata().getName(),
        Labels.MANAGED_BY, Labels.OPERATOR)));
    spec.put("podMetricsEndpoints", endpoints);
    monitor.setSpec(spec);
    return monitor;
  }

  private static Map<String, Object> endpoint(String port, ContainerSettings settings, Map<String, Object> keep) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", port);
    endpoint.put("path", settings.metricsPath());
    endpoint.put("relabelings", List.of(keep));
    return endpoint;
  }

  /** Keeps the targets whose pod label (as {@code meta}) equals {@code value}. */
  private static Map<String, Object> relabelKeep(String meta, String value) {
    Map<String, Object> keep = new LinkedHashMap<>();
    keep.put("action", "keep");
    keep.put("sourceLabels", List.of(meta));
    keep.put("regex", value); // component and pool names hold no regex syntax (schema patterns)
    return keep;
  }
}
