package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Global replica limits from the scaling rules (API at most 20; each worker pool 2–50). */
@ValidationRule(value = "self.workerMinReplicas <= self.workerMaxReplicas",
    message = "limits.workerMinReplicas must be less than or equal to limits.workerMaxReplicas")
public record LimitsSpec(
    @JsonPropertyDescription("Most API replicas, whatever the phase.")
    @Default("20") @Min(1) @Max(1000)
    Integer apiMaxReplicas,
    @JsonPropertyDescription("Fewest replicas of each worker pool, whatever the phase.")
    @Default("2") @Min(1) @Max(1000)
    Integer workerMinReplicas,
    @JsonPropertyDescription("Most replicas of each worker pool, whatever the phase.")
    @Default("50") @Min(1) @Max(1000)
    Integer workerMaxReplicas) {

  public static final LimitsSpec DEFAULTS = new LimitsSpec(null, null, null);

  public LimitsSpec {
    apiMaxReplicas = apiMaxReplicas == null ? 20 : apiMaxReplicas;
    workerMinReplicas = workerMinReplicas == null ? 2 : workerMinReplicas;
    workerMaxReplicas = workerMaxReplicas == null ? 50 : workerMaxReplicas;
  }
}
