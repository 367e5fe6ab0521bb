package io.appstack.operator.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Replica counts of one component. Bounded as Kubernetes bounds replicas (int32): status is read back by every
 * list of the informer, and a number the model cannot hold would make the whole list unreadable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(
    @JsonPropertyDescription("Name of the worker pool; absent for the other components.")
    String name,
    @JsonPropertyDescription("Replicas the operator wants; it owns the workload's replicas field.")
    @Min(0) @Max(Integer.MAX_VALUE)
    Integer desiredReplicas,
    @JsonPropertyDescription("Replicas that exist.")
    @Min(0) @Max(Integer.MAX_VALUE)
    Integer replicas,
    @JsonPropertyDescription("Replicas that are ready.")
    @Min(0) @Max(Integer.MAX_VALUE)
    Integer readyReplicas,
    @JsonPropertyDescription("The last scaling decision for this component, in words.")
    String lastDecision) {
}
