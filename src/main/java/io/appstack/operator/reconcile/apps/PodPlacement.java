package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.api.PodSettings;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec's pod settings on a pod template: placement, identity, pull secrets, ids and labels. Only what
 * the spec sets is written (an unset field stays the server's default). The operator's own labels win over
 * the user's, so that its selectors keep selecting the pods.
 */
final class PodPlacement {
  private PodPlacement() {}

  static void apply(ContainerSettings settings, PodTemplateSpec template) {
    PodSettings pod = settings.pod();
    PodSpec spec = template.getSpec();
    if (!pod.nodeSelector().isEmpty()) {
      spec.setNodeSelector(new LinkedHashMap<>(pod.nodeSelector()));
    }
    if (!pod.tolerations().isEmpty()) {
      spec.setTolerations(new ArrayList<>(pod.tolerations()));
    }
    spec.setAffinity(pod.affinity());
    if (!pod.topologySpreadConstraints().isEmpty()) {
      spec.setTopologySpreadConstraints(new ArrayList<>(pod.topologySpreadConstraints()));
    }
    spec.setPriorityClassName(pod.priorityClassName());
    spec.setServiceAccountName(pod.serviceAccountName());
    spec.setAutomountServiceAccountToken(pod.automountServiceAccountToken());
    if (!pod.imagePullSecrets().isEmpty()) {
      spec.setImagePullSecrets(new ArrayList<>(pod.imagePullSecrets()));
    }
    PodSecurityContext security = spec.getSecurityContext();
    security.setRunAsUser(pod.runAsUser());
    security.setRunAsGroup(pod.runAsGroup());
    security.setFsGroup(pod.fsGroup());
    if (settings.terminationGracePeriodSeconds() != null) {
      spec.setTerminationGracePeriodSeconds(settings.terminationGracePeriodSeconds().longValue());
    }
    if (!pod.labels().isEmpty()) {
      Map<String, String> labels = new LinkedHashMap<>(pod.labels());
      labels.putAll(template.getMetadata().getLabels());
      template.getMetadata().setLabels(labels);
    }
  }
}
