package io.appstack.operator.api;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** What the API and every worker pool have in common: the parts of the Pod the user controls. */
public interface ContainerSettings {
  String image();

  List<String> command();

  List<String> args();

  List<EnvVar> env();

  ResourceRequirements resources();

  Integer port();

  String healthPath();

  /** Path of the Prometheus metrics on {@link #port()}, or null when the container is not scraped. */
  String metricsPath();

  Probes probes();

  PodSettings pod();

  /** Null: Kubernetes' default. */
  Integer terminationGracePeriodSeconds();

  Boolean readOnlyRootFilesystem();
}
