package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one of {@code external}, {@code managed} or {@code cloudNativePG}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.external) ? 1 : 0) + (has(self.managed) ? 1 : 0) + (has(self.cloudNativePG) ? 1 : 0) == 1",
    message = "database.primary needs exactly one of external, managed or cloudNativePG")
public record PrimarySpec(
    @JsonPropertyDescription("A PostgreSQL server the operator does not run.")
    ExternalPrimary external,
    @JsonPropertyDescription("A PostgreSQL primary the operator runs as a StatefulSet: for development and small "
        + "stacks (no backups, no failover).")
    ManagedPrimary managed,
    @JsonPropertyDescription("A PostgreSQL cluster run by CloudNativePG (its operator must be installed): failover, "
        + "backups and a PgBouncer Pooler. For production.")
    CloudNativePgPrimary cloudNativePG) {
}
