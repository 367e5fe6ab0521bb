package io.appstack.operator.scaling.signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a component's target-tracking signal is predicted to be at {@code at}, from the same time of week in the
 * last {@code weeks} weeks: the API's CPU in percent of one pod's request summed over its pods (cpu% × pods), a
 * pool's queue depth. The predictive floor sizes for it ahead of time.
 */
public record Forecast(double total, Instant at, int weeks) {

  public Forecast {
    if (!(total >= 0) || Double.isInfinite(total) || weeks < 1) {
      throw new IllegalArgumentException("invalid forecast " + total + " from " + weeks + " weeks");
    }
  }

  /**
   * The forecast from each past week's level around the same time of week (its average over a few minutes; null
   * where a week has no data): the median of the weeks that have one, so one odd week (an outage, a launch) neither
   * makes nor breaks it. The average, not the peak, because the recurring part of demand is its level: a minute's
   * noise does not come back next week, and the reactive rules are there for it. Empty when fewer than
   * {@code minWeeks} weeks have data: a demand seen once is not yet recurring.
   */
  public static Optional<Forecast> of(List<Double> weeklyLevels, int minWeeks, Instant at) {
    List<Double> seen = new ArrayList<>(weeklyLevels.size());
    for (Double peak : weeklyLevels) {
      if (peak != null && peak >= 0 && !peak.isInfinite() && !peak.isNaN()) {
        seen.add(peak);
      }
    }
    if (seen.isEmpty() || seen.size() < minWeeks) {
      return Optional.empty();
    }
    seen.sort(null);
    int n = seen.size();
    double median = n % 2 == 1 ? seen.get(n / 2) : (seen.get(n / 2 - 1) + seen.get(n / 2)) / 2;
    return Optional.of(new Forecast(median, at, n));
  }
}
