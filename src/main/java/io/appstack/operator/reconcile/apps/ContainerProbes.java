package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.api.Probes;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * A container's probes: the ones the spec sets, else HTTP probes of its healthPath where it has one. A
 * container without either gets none (a BullMQ worker serves no HTTP and would be restarted forever).
 */
final class ContainerProbes {
  static final int READINESS_FAILURES = 3;
  static final int LIVENESS_FAILURES = 6;

  private ContainerProbes() {}

  static void apply(ContainerSettings settings, ContainerBuilder container) {
    Probes probes = settings.probes();
    String health = settings.healthPath();
    Probe readiness = probes.readiness() != null ? probes.readiness() : http(health, READINESS_FAILURES);
    Probe liveness = probes.liveness() != null ? probes.liveness() : http(health, LIVENESS_FAILURES);
    if (readiness != null) {
      container.withReadinessProbe(readiness);
    }
    if (liveness != null) {
      container.withLivenessProbe(liveness);
    }
    if (probes.startup() != null) {
      container.withStartupProbe(probes.startup());
    }
    if (probes.preStop() != null) {
      container.withNewLifecycle().withPreStop(probes.preStop()).endLifecycle();
    }
  }

  private static Probe http(String path, int failureThreshold) {
    if (path == null) {
      return null;
    }
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(PodTemplates.CONTAINER_PORT_NAME)).endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
