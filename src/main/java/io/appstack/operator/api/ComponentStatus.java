package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Replica counts of one component. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(
    @JsonPropertyDescription("Name of the worker pool; absent for the other components.")
    String name,
    @JsonPropertyDescription("Replicas the operator wants; it owns the workload's replicas field.")
    Integer desiredReplicas,
    @JsonPropertyDescription("Replicas that exist.")
    Integer replicas,
    @JsonPropertyDescription("Replicas that are ready.")
    Integer readyReplicas,
    @JsonPropertyDescription("The last scaling decision for this component, in words.")
    String lastDecision) {
}
