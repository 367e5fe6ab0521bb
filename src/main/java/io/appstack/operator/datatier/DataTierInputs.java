package io.appstack.operator.datatier;

import io.appstack.operator.scaling.datatier.DataTierAdvisor;

/**
 * What the metrics loop tells the data tier. Until it fills them in, nothing is known: PgBouncer in
 * Small stays off and no advisory is raised.
 *
 * @param databaseConnectionsHigh DB connections above 80% of max_connections (turns PgBouncer on in Small)
 * @param figures optional figures for the advisories
 */
public record DataTierInputs(boolean databaseConnectionsHigh, DataTierAdvisor.Figures figures) {
  public static final DataTierInputs NONE = new DataTierInputs(false, DataTierAdvisor.Figures.NONE);

  public DataTierInputs {
    figures = figures == null ? DataTierAdvisor.Figures.NONE : figures;
  }
}
