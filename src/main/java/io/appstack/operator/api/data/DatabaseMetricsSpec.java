package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/**
 * PromQL for the database figures the operator reacts to (PgBouncer in Small) or advises on
 * (partitioning, sharding, indexes). Each must return one sample for this stack; without a query the
 * figure is unknown and nothing is decided from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseMetricsSpec(
    @JsonPropertyDescription("Open connections on the primary, e.g. sum(pg_stat_activity_count{…}). Above 80% of "
        + "maxConnections, PgBouncer in Auto turns on in Small.")
    @Size(max = 4096) String connectionsQuery,
    @JsonPropertyDescription("Database size in bytes, e.g. sum(pg_database_size_bytes{…}).")
    @Size(max = 4096) String sizeBytesQuery,
    @JsonPropertyDescription("Typical query latency in milliseconds.")
    @Size(max = 4096) String queryLatencyMsQuery,
    @JsonPropertyDescription("Number of tenants.")
    @Size(max = 4096) String tenantsQuery) {
  public static final DatabaseMetricsSpec NONE = new DatabaseMetricsSpec(null, null, null, null);
}
