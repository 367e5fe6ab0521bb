package io.appstack.operator.testing;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes "restricted" Pod Security Standard (baseline included), applied to a pod
 * spec the way the admission controller applies them: a container inherits the pod's {@code runAsNonRoot},
 * {@code runAsUser} and {@code seccompProfile} unless it sets its own.
 */
public final class PodSecurity {
  private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI",
      "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
  private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

  private PodSecurity() {}

  /** Every violation of the restricted standard, as readable messages; empty when the pod is admitted. */
  public static List<String> restrictedViolations(PodSpec pod) {
    List<String> violations = new ArrayList<>();
    PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
    if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("host namespaces");
    }
    if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
      violations.add("pod runAsUser=0");
    }
    for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
      String type = volumeType(volume);
      if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
        violations.add("volume " + volume.getName() + " of type " + type);
      }
    }
    List<Container> containers = Stream.of(pod.getInitContainers(), pod.getContainers())
        .filter(l -> l != null).flatMap(List::stream).toList();
    for (Container container : containers) {
      String name = "container " + container.getName();
      SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
      if (Boolean.TRUE.equals(context.getPrivileged())) {
        violations.add(name + ": privileged");
      }
      if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
        violations.add(name + ": allowPrivilegeEscalation must be false");
      }
      Boolean runAsNonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot();
      if (!Boolean.TRUE.equals(runAsNonRoot)) {
        violations.add(name + ": runAsNonRoot must be true");
      }
      if (Long.valueOf(0).equals(context.getRunAsUser())) {
        violations.add(name + ": runAsUser=0");
      }
      SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
          : podContext.getSeccompProfile();
      if (seccomp == null || !SECCOMP_TYPES.contains(seccomp.getType())) {
        violations.add(name + ": seccompProfile must be RuntimeDefault or Localhost");
      }
      Capabilities capabilities = context.getCapabilities();
      if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
        violations.add(name + ": capabilities must drop ALL");
      }
      if (capabilities != null && capabilities.getAdd() != null
          && capabilities.getAdd().stream().anyMatch(c -> !"NET_BIND_SERVICE".equals(c))) {
        violations.add(name + ": may add only NET_BIND_SERVICE");
      }
      if (container.getPorts() != null && container.getPorts().stream()
          .anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
        violations.add(name + ": hostPort");
      }
    }
    return violations;
  }

  private static String volumeType(Volume volume) {
    if (volume.getConfigMap() != null) return "configMap";
    if (volume.getCsi() != null) return "csi";
    if (volume.getDownwardAPI() != null) return "downwardAPI";
    if (volume.getEmptyDir() != null) return "emptyDir";
    if (volume.getEphemeral() != null) return "ephemeral";
    if (volume.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
    if (volume.getProjected() != null) return "projected";
    if (volume.getSecret() != null) return "secret";
    if (volume.getHostPath() != null) return "hostPath";
    return "other";
  }
}
