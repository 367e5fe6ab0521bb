package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The stack's replica limits: its range in Auto (API 2–20, each worker pool 2–50), and what no pinned phase's range
 * leaves.
 */
@ValidationRule(value = "self.apiMinReplicas <= self.apiMaxReplicas",
    message = "limits.apiMinReplicas must be less than or equal to limits.apiMaxReplicas")
@ValidationRule(value = "self.workerMinReplicas <= self.workerMaxReplicas",
    message = "limits.workerMinReplicas must be less than or equal to limits.workerMaxReplicas")
public record LimitsSpec(
    @JsonPropertyDescription("Fewest API replicas in Auto.")
    @Default("2") @Min(1) @Max(1000)
    Integer apiMinReplicas,
    @JsonPropertyDescription("Most API replicas in Auto, and whatever the phase.")
    @Default("20") @Min(1) @Max(1000)
    Integer apiMaxReplicas,
    @JsonPropertyDescription("Fewest replicas of each worker pool in Auto, and whatever the phase; 0 lets idle "
        + "pools scale to zero.")
    @Default("2") @Min(0) @Max(1000)
    Integer workerMinReplicas,
    @JsonPropertyDescription("Most replicas of each worker pool in Auto, and whatever the phase.")
    @Default("50") @Min(1) @Max(1000)
    Integer workerMaxReplicas) {

  public static final LimitsSpec DEFAULTS = new LimitsSpec(null, null, null, null);

  public LimitsSpec {
    apiMinReplicas = apiMinReplicas == null ? 2 : apiMinReplicas;
    apiMaxReplicas = apiMaxReplicas == null ? 20 : apiMaxReplicas;
    workerMinReplicas = workerMinReplicas == null ? 2 : workerMinReplicas;
    workerMaxReplicas = workerMaxReplicas == null ? 50 : workerMaxReplicas;
  }
}
