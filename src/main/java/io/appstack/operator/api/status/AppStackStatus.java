package io.appstack.operator.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/** What the operator observed and decided. Built by one aggregator; patched only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppStackStatus(
    @JsonPropertyDescription("The metadata.generation this status describes.")
    @Min(0)
    Long observedGeneration,
    @JsonPropertyDescription("The phase the stack is sized for: Small, Medium, Large or Enterprise.")
    String phase,
    @JsonPropertyDescription("Ready, Reconciling, Stalled (kstatus) and per-concern conditions.")
    List<Condition> conditions,
    @JsonPropertyDescription("Ready/desired replicas for the printer columns.")
    StatusSummary summary,
    @JsonPropertyDescription("Per-component replica counts and last decisions.")
    ComponentsStatus components,
    @JsonPropertyDescription("What the scaling engine remembers between evaluations, and its recent decisions.")
    ScalingStatus scaling,
    @JsonPropertyDescription("Name of the Secret with REDIS_URL, DATABASE_URL and the other connection settings.")
    String connectionSecret,
    @JsonPropertyDescription("Changes the operator will not make by itself, with the figure that triggered each.")
    List<Advisory> advisories) {

  public AppStackStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    advisories = advisories == null ? List.of() : List.copyOf(advisories);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
