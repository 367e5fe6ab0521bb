package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.DeletionPolicy;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import java.util.List;
import java.util.Map;

/** The parts every data-tier pod is built from: StatefulSets with kept volumes, restricted security, small helpers. */
public final class DataTierPods {
  private DataTierPods() {}

  public static StatefulSet statefulSet(AppStack stack, String component, String name, String serviceName, int replicas,
      PodTemplateSpec template, String storage, boolean parallel) {
    String whenDeleted = stack.getSpec().deletionPolicy() == DeletionPolicy.Delete ? "Delete" : "Retain";
    StatefulSetBuilder builder = new StatefulSetBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, component, name)))
        .withNewSpec()
          .withReplicas(replicas)
          .withServiceName(serviceName)
          .withPodManagementPolicy(parallel ? "Parallel" : "OrderedReady")
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
          .withTemplate(template)
          .withVolumeClaimTemplates(claim(storage))
          // Scaling down keeps volumes; deleting the AppStack keeps them unless deletionPolicy: Delete.
          .withPersistentVolumeClaimRetentionPolicy(new StatefulSetPersistentVolumeClaimRetentionPolicyBuilder()
              .withWhenDeleted(whenDeleted).withWhenScaled("Retain").build())
        .endSpec();
    return builder.build();
  }

  public static PersistentVolumeClaim claim(String storage) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withNewResources().addToRequests("storage", new Quantity(storage)).endResources()
        .endSpec()
        .build();
  }

  public static PodTemplateSpec template(Map<String, String> labels, Map<String, String> annotations, long uid,
      List<Container> containers, List<Container> initContainers, List<Volume> volumes) {
    PodTemplateSpecBuilder builder = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
        .withNewSpec()
          .withAutomountServiceAccountToken(false)
          .withSecurityContext(podSecurity(uid))
          .withContainers(containers)
          .withVolumes(volumes)
        .endSpec();
    if (!initContainers.isEmpty()) {
      builder.editSpec().withInitContainers(initContainers).endSpec();
    }
    return builder.build();
  }

  /** Restricted PSS at pod level; the image's uid set explicitly, and the volumes' group to match. */
  public static PodSecurityContext podSecurity(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public static io.fabric8.kubernetes.api.model.ResourceRequirements requests(String cpu, String memory) {
    return new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory)).build();
  }

  public static Probe exec(int period, String... command) {
    return new ProbeBuilder().withNewExec().withCommand(command).endExec().withPeriodSeconds(period).build();
  }

  public static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  public static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).withDefaultMode(0440).endSecret()
        .build();
  }

  public static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  public static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  public static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
        .endSecretKeyRef().endValueFrom().build();
  }
}
