package io.appstack.operator.cluster;

import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the tests on the real control plane share: their JUnit tag (Surefire runs them in an execution of
 * their own) and the checked-in CRD, applied once per run.
 */
final class ControlPlaneTests {
  static final String TAG = "control-plane";
  static final String CRD_FILE = "crds/appstacks.appstack.io-v1.yml";
  static final String CRD_NAME = "appstacks.appstack.io";
  private static boolean crdApplied;

  private ControlPlaneTests() {}

  /** The shared control plane with the checked-in CRD applied (server-side, as a GitOps tool would) and established. */
  static synchronized ControlPlane withCrd() {
    ControlPlane cluster = ControlPlane.shared();
    if (!crdApplied) {
      cluster.applyCrd(Path.of(CRD_FILE));
      crdApplied = true;
    }
    return cluster;
  }

  /**
   * Installs CloudNativePG's CRDs (Cluster, Pooler, ScheduledBackup, Backup) on {@code cluster}, from the pinned
   * CloudNativePG module {@code hack/cnpg-crds.sh} fetched. Fails when they are missing.
   */
  static void installCloudNativePg(ControlPlane cluster) {
    installModuleCrds(cluster, "hack/cnpg-crds.sh", List.of("postgresql.cnpg.io_clusters.yaml",
        "postgresql.cnpg.io_poolers.yaml", "postgresql.cnpg.io_scheduledbackups.yaml", "postgresql.cnpg.io_backups.yaml"));
  }

  /**
   * Installs the Prometheus Operator's PodMonitor, ServiceMonitor and PrometheusRule CRDs on {@code cluster}, from
   * the pinned module {@code hack/monitoring-crds.sh} fetched. Fails when they are missing.
   */
  static void installPrometheusOperatorCrds(ControlPlane cluster) {
    installModuleCrds(cluster, "hack/monitoring-crds.sh", List.of("monitoring.coreos.com_podmonitors.yaml",
        "monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml"));
  }

  private static void installModuleCrds(ControlPlane cluster, String script, List<String> files) {
    Processes.Result dir = Processes.run(List.of("bash", script, "--dir"), Map.of(), 30)
        .requireSuccess(script + " --dir");
    for (String name : files) {
      Path file = Path.of(dir.output().trim(), name);
      if (!Files.isRegularFile(file)) {
        org.assertj.core.api.Assertions.fail(file + " is missing: fetch it with " + script + " (.ci/run does)");
      }
      cluster.applyCrd(file);
    }
  }

  /** Whether {@code whole} holds everything {@code part} holds (maps by key, lists element by element). */
  static boolean contains(Object whole, Object part) {
    if (part instanceof Map<?, ?> p) {
      if (!(whole instanceof Map<?, ?> w)) {
        return false;
      }
      return p.entrySet().stream().allMatch(e -> w.containsKey(e.getKey()) && contains(w.get(e.getKey()), e.getValue()));
    }
    if (part instanceof List<?> p) {
      if (!(whole instanceof List<?> w) || w.size() != p.size()) {
        return false;
      }
      for (int i = 0; i < p.size(); i++) {
        if (!contains(w.get(i), p.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (part instanceof Number a && whole instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return java.util.Objects.equals(whole, part);
  }
}
