package io.appstack.operator.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A change the operator recommends but will not make by itself (partitioning, caching, indexes…). */
public record Advisory(
    @JsonPropertyDescription("Short identifier, e.g. Partitioning, Caching, Indexes, TenantSharding.")
    String type,
    @JsonPropertyDescription("What to do and why, with the figure that triggered it.")
    String message) {
}
