package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one of {@code external} or {@code managed}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.external) != has(self.managed)",
    message = "database.primary needs exactly one of external or managed")
public record PrimarySpec(
    @JsonPropertyDescription("A PostgreSQL server the operator does not run.")
    ExternalPrimary external,
    @JsonPropertyDescription("A PostgreSQL primary the operator runs as a StatefulSet.")
    ManagedPrimary managed) {
}
