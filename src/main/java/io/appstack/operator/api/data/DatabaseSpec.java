package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** PostgreSQL: the primary, PgBouncer in front of it, and read replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.backup) || has(self.primary.cloudNativePG)",
    message = "database.backup needs database.primary.cloudNativePG: the operator's own primary has no backups, and "
        + "an external one is backed up where it runs")
public record DatabaseSpec(
    @JsonPropertyDescription("The primary: external (host, port, credentials) or managed by the operator.")
    @Required
    PrimarySpec primary,

    @JsonPropertyDescription("max_connections of the primary; the connection budget keeps PgBouncer's server "
        + "connections under 80% of it.")
    @Default("100") @Min(10) @Max(100000)
    Integer maxConnections,

    @JsonPropertyDescription("Database connections each API or worker pod opens (its pool size).")
    @Default("10") @Min(1) @Max(1000)
    Integer poolSizePerPod,

    @JsonPropertyDescription("PgBouncer connection pooler.")
    PgBouncerSpec pgbouncer,

    @JsonPropertyDescription("Streaming read replicas of a managed primary.")
    ReadReplicasSpec readReplicas,

    @JsonPropertyDescription("PromQL for database figures: connections (PgBouncer in Small), size, query latency "
        + "and tenants (advisories).")
    DatabaseMetricsSpec metrics,

    @JsonPropertyDescription("Backups of a cloudNativePG primary to an object store (schedule, retention).")
    BackupSpec backup) {

  public DatabaseSpec {
    maxConnections = maxConnections == null ? 100 : maxConnections;
    poolSizePerPod = poolSizePerPod == null ? 10 : poolSizePerPod;
    pgbouncer = pgbouncer == null ? PgBouncerSpec.DEFAULTS : pgbouncer;
    readReplicas = readReplicas == null ? ReadReplicasSpec.DEFAULTS : readReplicas;
    metrics = metrics == null ? DatabaseMetricsSpec.NONE : metrics;
  }
}
