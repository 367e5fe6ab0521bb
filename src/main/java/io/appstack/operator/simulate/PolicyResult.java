package io.appstack.operator.simulate;

import io.appstack.operator.scaling.config.Phase;
import java.util.List;
import java.util.Map;

/**
 * The figures of one policy's replay. Arrays are indexed by component (0 = API, then pools).
 *
 * @param components component keys, e.g. "api", "worker/emails"
 * @param replicaHours Σ desired replicas × time (pods that exist cost, ready or not)
 * @param scaleEvents how often the desired count changed
 * @param peakReplicas highest desired count
 * @param sloViolationMinutes API: time with p95 above the SLO; pools: time in which some job
 *     waited longer than the SLO
 * @param hoursInPhase time spent in each phase
 */
public record PolicyResult(
    String name,
    String label,
    List<String> components,
    double[] replicaHours,
    int[] scaleEvents,
    int[] peakReplicas,
    double[] sloViolationMinutes,
    List<PhaseEvent> phaseChanges,
    Map<Phase, Double> hoursInPhase,
    ApiFigures api,
    List<PoolFigures> pools,
    Series series) {

  /** Request figures of the API. */
  public record ApiFigures(double requests, double served, double timedOut, double maxP95Ms) {}

  /** Job figures of one pool. */
  public record PoolFigures(long arrived, long done, long queuedAtEnd, double meanWaitSeconds,
      double maxWaitSeconds) {}

  /**
   * Downsampled time series for the charts: bucket {@code b} covers steps
   * {@code [b × bucketSteps, (b + 1) × bucketSteps)}. The SLO series are the share of the bucket's
   * steps (percent of its time) over the SLO — the same steps the violation minutes count — not a
   * peak, which one bad step would decide for the whole bucket.
   *
   * @param p95OverSloPercent API: percent of the bucket's time with p95 above the SLO
   * @param waitOverSloPercent per pool: percent of the bucket's time in which some job waited
   *     longer than the SLO
   */
  public record Series(int bucketSteps, double[][] meanReplicas, double[] p95OverSloPercent,
      double[][] waitOverSloPercent, double[] cumulativeReplicaHours) {}

  public double totalReplicaHours() {
    double sum = 0;
    for (double h : replicaHours) {
      sum += h;
    }
    return sum;
  }

  public double totalSloViolationMinutes() {
    double sum = 0;
    for (double m : sloViolationMinutes) {
      sum += m;
    }
    return sum;
  }

  public int totalScaleEvents() {
    int sum = 0;
    for (int e : scaleEvents) {
      sum += e;
    }
    return sum;
  }
}
