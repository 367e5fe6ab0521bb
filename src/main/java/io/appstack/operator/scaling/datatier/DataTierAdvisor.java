package io.appstack.operator.scaling.datatier;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes the operator recommends but never makes (seed "When to Scale"): partitioning, tenant
 * sharding, indexes, caching. A pure function of optional figures; a missing figure gives no advice.
 */
public final class DataTierAdvisor {
  public static final double PARTITIONING_GB = 100;
  public static final long TENANT_SHARDING_TENANTS = 10_000;
  public static final double SLOW_QUERY_MS = 1_000;
  public static final double API_P95_MS = 500;

  private DataTierAdvisor() {}

  /** One piece of advice: a short type and a sentence with the figure that triggered it. */
  public record Advice(String type, String message) {}

  /**
   * What the metrics loop knows, each figure null when unknown.
   *
   * @param databaseSizeGb size of the database in GB
   * @param tenants number of tenants, if the application reports it
   * @param queryLatencyMs sustained query latency (p95) in milliseconds
   * @param readReplicasOn whether streaming read replicas serve reads
   * @param apiP95Ms sustained API p95 latency in milliseconds
   * @param apiAtCeiling whether the API runs at the top of its replica range
   */
  public record Figures(Double databaseSizeGb, Long tenants, Double queryLatencyMs, boolean readReplicasOn,
      Double apiP95Ms, boolean apiAtCeiling) {
    public static final Figures NONE = new Figures(null, null, null, false, null, false);
  }

  public static List<Advice> advise(Figures f) {
    List<Advice> advice = new ArrayList<>();
    if (known(f.databaseSizeGb()) && f.databaseSizeGb() > PARTITIONING_GB) {
      advice.add(new Advice("Partitioning", String.format("database is %.0f GB (> %.0f GB): partition the "
          + "largest time-ordered tables (e.g. by month)", f.databaseSizeGb(), PARTITIONING_GB)));
    }
    boolean manyTenants = f.tenants() != null && f.tenants() > TENANT_SHARDING_TENANTS;
    boolean large = known(f.databaseSizeGb()) && f.databaseSizeGb() > PARTITIONING_GB;
    if (manyTenants || (large && f.tenants() != null && f.tenants() > 1)) {
      advice.add(new Advice("TenantSharding", String.format("%s%s: consider sharding by tenant",
          f.tenants() == null ? "" : f.tenants() + " tenants",
          large ? (f.tenants() == null ? "" : ", ") + String.format("database %.0f GB", f.databaseSizeGb()) : "")));
    }
    if (known(f.queryLatencyMs()) && f.queryLatencyMs() > SLOW_QUERY_MS && f.readReplicasOn()) {
      advice.add(new Advice("Indexes", String.format("queries take %.0f ms (> %.0f ms) although read "
          + "replicas are on: add indexes for the slow queries (EXPLAIN ANALYZE)", f.queryLatencyMs(), SLOW_QUERY_MS)));
    }
    if (known(f.apiP95Ms()) && f.apiP95Ms() > API_P95_MS && f.apiAtCeiling()) {
      advice.add(new Advice("Caching", String.format("API p95 is %.0f ms (> %.0f ms) with the API at its "
          + "replica ceiling: cache responses in Redis", f.apiP95Ms(), API_P95_MS)));
    }
    return advice;
  }

  private static boolean known(Double value) {
    return value != null && !value.isNaN() && !value.isInfinite();
  }
}
