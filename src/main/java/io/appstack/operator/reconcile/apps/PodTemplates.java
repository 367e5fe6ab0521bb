package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod templates for the API and worker pools: the restricted Pod Security Standard, probes, default
 * requests, the connection Secret through {@code envFrom}, and its hash so a change rolls the pods.
 */
public final class PodTemplates {
  /** Pod annotation carrying the connection Secret's content hash. */
  public static final String CONNECTIONS_HASH = "appstack.io/connections-hash";
  static final String CONTAINER_PORT_NAME = "http";
  /** The conventional annotations a Prometheus with the usual kubernetes-pods job scrapes by. */
  static final String SCRAPE = "prometheus.io/scrape";
  static final String SCRAPE_PORT = "prometheus.io/port";
  static final String SCRAPE_PATH = "prometheus.io/path";
  static final Quantity DEFAULT_CPU_REQUEST = new Quantity("100m");
  static final Quantity DEFAULT_MEMORY_REQUEST = new Quantity("128Mi");

  private PodTemplates() {}

  /** A pod template running {@code settings} with the given labels and extra environment. */
  public static PodTemplateSpec podTemplate(ContainerSettings settings, String containerName,
      Map<String, String> labels, List<EnvVar> extraEnv, String connectionSecret, String connectionHash) {
    boolean readOnlyRoot = settings.readOnlyRootFilesystem();
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (readOnlyRoot) {
      // A read-only root still needs somewhere to write temporary files.
      volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
      mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    }
    List<EnvVar> env = new ArrayList<>(extraEnv);
    env.addAll(settings.env());

    ContainerBuilder container = new ContainerBuilder()
        .withName(containerName)
        .withImage(settings.image())
        .withPorts(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
            .withName(CONTAINER_PORT_NAME).withContainerPort(settings.port()).withProtocol("TCP").build())
        .withEnvFrom(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
            .withNewSecretRef().withName(connectionSecret).endSecretRef().build())
        .withResources(withDefaultRequests(settings.resources()))
        .withNewSecurityContext()
          .withAllowPrivilegeEscalation(false)
          .withReadOnlyRootFilesystem(readOnlyRoot)
          .withRunAsNonRoot(true)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
          .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext();
    ContainerProbes.apply(settings, container);
    if (!env.isEmpty()) {
      container.withEnv(env);
    }
    if (!settings.command().isEmpty()) {
      container.withCommand(settings.command());
    }
    if (!settings.args().isEmpty()) {
      container.withArgs(settings.args());
    }
    if (!mounts.isEmpty()) {
      container.withVolumeMounts(mounts);
    }

    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata()
          .withLabels(labels)
          .withAnnotations(annotations(settings, connectionHash))
        .endMetadata()
        .withNewSpec()
          .withAutomountServiceAccountToken(false)
          .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
          .endSecurityContext()
          .withContainers(container.build())
        .endSpec()
        .build();
    if (!volumes.isEmpty()) {
      template.getSpec().setVolumes(volumes);
    }
    PodPlacement.apply(settings, template);
    return template;
  }

  /**
   * The connection hash (a change rolls the pods), the conventional scrape annotations where the container
   * serves metrics (read by a Prometheus configured the common way), then the user's own.
   */
  private static Map<String, String> annotations(ContainerSettings settings, String connectionHash) {
    Map<String, String> annotations = new LinkedHashMap<>(settings.pod().annotations());
    if (settings.metricsPath() != null) {
      annotations.put(SCRAPE, "true");
      annotations.put(SCRAPE_PORT, String.valueOf(settings.port()));
      annotations.put(SCRAPE_PATH, settings.metricsPath());
    }
    annotations.put(CONNECTIONS_HASH, connectionHash);
    return annotations;
  }

  /** Keeps the user's requests and limits; fills in requests the scheduler and the CPU metric need. */
  static ResourceRequirements withDefaultRequests(ResourceRequirements given) {
    Map<String, Quantity> requests = new HashMap<>();
    Map<String, Quantity> limits = Map.of();
    if (given != null) {
      if (given.getRequests() != null) {
        requests.putAll(given.getRequests());
      }
      if (given.getLimits() != null) {
        limits = given.getLimits();
        // Kubernetes defaults a missing request to its limit; say so explicitly rather than guess lower.
        limits.forEach(requests::putIfAbsent);
      }
    }
    requests.putIfAbsent("cpu", DEFAULT_CPU_REQUEST);
    requests.putIfAbsent("memory", DEFAULT_MEMORY_REQUEST);
    ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder().withRequests(requests);
    if (!limits.isEmpty()) {
      builder.withLimits(limits);
    }
    return builder.build();
  }

  /** A Deployment of {@code replicas} pods from {@code template}, selected by its instance name. */
  static io.fabric8.kubernetes.api.model.apps.Deployment deployment(AppStack stack, String name,
      Map<String, String> labels, int replicas, PodTemplateSpec template, String phase) {
    var deployment = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withMetadata(ChildMetadata.of(stack, name, labels))
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
          .withTemplate(template)
        .endSpec()
        .build();
    var podSpec = deployment.getSpec().getTemplate().getSpec();
    if (podSpec.getTopologySpreadConstraints() == null || podSpec.getTopologySpreadConstraints().isEmpty()) {
      Topology.spreadOverZones(phase, podSpec, name); // the user's own spread replaces the operator's
    }
    return deployment;
  }
}
