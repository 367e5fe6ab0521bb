package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.HashMap;
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
    if (settings.healthPath() != null) {
      // Only where the container serves HTTP health: a BullMQ worker serves none and would be restarted forever.
      container.withReadinessProbe(probe(settings.healthPath(), 3)).withLivenessProbe(probe(settings.healthPath(), 6));
    }
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
    Container built = container.build();

    PodTemplateSpecBuilder template = new PodTemplateSpecBuilder()
        .withNewMetadata()
          .withLabels(labels)
          .withAnnotations(Map.of(CONNECTIONS_HASH, connectionHash))
        .endMetadata()
        .withNewSpec()
          .withAutomountServiceAccountToken(false)
          .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
          .endSecurityContext()
          .withContainers(built)
        .endSpec();
    if (!volumes.isEmpty()) {
      template.editSpec().withVolumes(volumes).endSpec();
    }
    return template.build();
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(CONTAINER_PORT_NAME)).endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(failureThreshold)
        .build();
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
    Topology.spreadOverZones(phase, deployment.getSpec().getTemplate().getSpec(), name);
    return deployment;
  }
}
