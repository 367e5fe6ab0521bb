package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/**
 * Where and as whom the pods of the API or of a worker pool run: the Pod fields a platform team sets.
 * The Pod Security Standard the operator applies (restricted) is kept whatever is set here.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.annotations) || self.annotations.all(k, !k.startsWith('appstack.io/'))",
    message = "annotations under appstack.io/ are set by the operator")
@ValidationRule(value = "!has(self.labels) || self.labels.all(k, !k.startsWith('appstack.io/') "
    + "&& !k.startsWith('app.kubernetes.io/'))",
    message = "labels under app.kubernetes.io/ and appstack.io/ are set by the operator")
@ValidationRule(value = "!has(self.annotations) || self.annotations.all(k, "
    + "!k.startsWith('container.apparmor.security.beta.kubernetes.io/') "
    + "&& !k.startsWith('seccomp.security.alpha.kubernetes.io/'))",
    message = "AppArmor and seccomp annotations are the operator's: its pods run under the restricted Pod Security "
        + "Standard")
@ValidationRule(value = "!has(self.priorityClassName) || !self.priorityClassName.startsWith('system-')",
    message = "system- priority classes are for the cluster's own components")
public record PodSettings(
    @JsonPropertyDescription("Node labels the pods must run on.")
    @Size(max = 32)
    Map<String, String> nodeSelector,

    @JsonPropertyDescription("Tolerations of the pods.")
    @Size(max = 32)
    List<Toleration> tolerations,

    @JsonPropertyDescription("Node and pod affinity of the pods.")
    Affinity affinity,

    @JsonPropertyDescription("How the pods spread over zones or nodes. Replaces the operator's own zone spread "
        + "(Enterprise) when set.")
    @Size(max = 8)
    List<TopologySpreadConstraint> topologySpreadConstraints,

    @JsonPropertyDescription("Extra annotations of the pods, e.g. for a service mesh. Keys under appstack.io/ "
        + "are the operator's.")
    @Size(max = 64)
    Map<String, String> annotations,

    @JsonPropertyDescription("Extra labels of the pods. Keys under app.kubernetes.io/ and appstack.io/ are the "
        + "operator's (they select the pods).")
    @Size(max = 64)
    Map<String, String> labels,

    @JsonPropertyDescription("PriorityClass of the pods.")
    @Size(max = 253) @Pattern(NAME)
    String priorityClassName,

    @JsonPropertyDescription("ServiceAccount the pods run as (default: the namespace's default).")
    @Size(max = 253) @Pattern(NAME)
    String serviceAccountName,

    @JsonPropertyDescription("Mount the ServiceAccount's API token into the pods. Off by default: an app "
        + "rarely needs to call the Kubernetes API.")
    @Default("false")
    Boolean automountServiceAccountToken,

    @JsonPropertyDescription("Secrets for pulling the images from a private registry.")
    @Size(max = 16)
    List<LocalObjectReference> imagePullSecrets,

    @JsonPropertyDescription("User id the containers run as (not 0: pods run as non-root).")
    @Min(1) @Max(2147483647)
    Long runAsUser,

    @JsonPropertyDescription("Group id of the containers' processes.")
    @Min(0) @Max(2147483647)
    Long runAsGroup,

    @JsonPropertyDescription("Group owning the pods' volumes.")
    @Min(0) @Max(2147483647)
    Long fsGroup) {

  /** A DNS subdomain name, as PriorityClass and ServiceAccount names are. */
  static final String NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  public static final PodSettings DEFAULTS = new PodSettings(null, null, null, null, null, null, null, null, null,
      null, null, null, null);

  public PodSettings {
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    topologySpreadConstraints = topologySpreadConstraints == null ? List.of() : List.copyOf(topologySpreadConstraints);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    automountServiceAccountToken = automountServiceAccountToken != null && automountServiceAccountToken;
    imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
  }
}
