package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.signal.Forecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What Prometheus would hold of each component's demand during a replay (the API's CPU figure times its pods, a
 * pool's queue depth), per minute, so the predictive floor can be replayed from the trace's own past exactly as
 * the operator asks Prometheus: the average around the same time of week, lead time ahead, in each past week.
 */
final class DemandHistory {
  private static final long MINUTE = 60_000_000L;
  private static final long WEEK = 7 * 24 * 60 * MINUTE;

  private final double[][] perMinute;

  DemandHistory(int components, long spanMicros) {
    int minutes = (int) (spanMicros / MINUTE) + 2;
    perMinute = new double[components][minutes];
    for (double[] c : perMinute) {
      Arrays.fill(c, Double.NaN);
    }
  }

  /** Records a component's demand at {@code atMicros} after the replay's start (the last value of a minute wins, as a
   * subquery at a 1m resolution reads it). */
  void record(int component, long atMicros, double value) {
    int m = (int) (atMicros / MINUTE);
    if (m >= 0 && m < perMinute[component].length) {
      perMinute[component][m] = value;
    }
  }

  /** The forecast for {@code lead} after {@code nowMicros}, as {@code MetricsCollector#forecast} computes it. */
  Optional<Forecast> forecast(int component, long nowMicros, PredictivePolicy predictive, Instant at) {
    long lead = predictive.leadTime().toNanos() / 1000;
    List<Double> levels = new ArrayList<>(predictive.weeks());
    for (int week = 1; week <= predictive.weeks(); week++) {
      long from = nowMicros - week * WEEK;
      long to = from + 2 * lead;
      double sum = 0;
      int n = 0;
      for (long m = Math.max(0, Math.floorDiv(from, MINUTE)); m <= Math.floorDiv(to, MINUTE); m++) {
        if (m < perMinute[component].length && !Double.isNaN(perMinute[component][(int) m])) {
          sum += perMinute[component][(int) m];
          n++;
        }
      }
      levels.add(to < 0 || n == 0 ? null : sum / n);
    }
    return Forecast.of(levels, predictive.minWeeks(), at);
  }
}
