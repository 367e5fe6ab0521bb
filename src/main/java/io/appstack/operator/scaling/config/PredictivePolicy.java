package io.appstack.operator.scaling.config;

import java.time.Duration;

/**
 * The predictive floor (opt-in): learn recurring demand from the last {@code weeks} weeks at the same time of week
 * and size for it {@code leadTime} ahead, so pods are ready when the peak comes. It only raises counts.
 *
 * @param minWeeks weeks that must have data before a forecast counts (a demand seen once is not recurring)
 */
public record PredictivePolicy(boolean enabled, int weeks, int minWeeks, Duration leadTime) {

  /** Off. */
  public static final PredictivePolicy OFF = new PredictivePolicy(false, 3, 2, Duration.ofMinutes(2));

  public PredictivePolicy {
    if (weeks < 1 || weeks > 4 || minWeeks < 1 || minWeeks > weeks) {
      throw new IllegalArgumentException("predictive: weeks must be 1–4 and minWeeks 1–weeks, got " + weeks + "/"
          + minWeeks);
    }
    Thresholds.requireWindow("predictive leadTime", leadTime);
  }

  /** On, with the defaults of {@link ScalingOption}. */
  public static PredictivePolicy on() {
    int weeks = ScalingOption.PREDICTIVE_WEEKS.integer();
    return new PredictivePolicy(true, weeks, Math.min(2, weeks), ScalingOption.PREDICTIVE_LEAD_TIME.duration());
  }
}
