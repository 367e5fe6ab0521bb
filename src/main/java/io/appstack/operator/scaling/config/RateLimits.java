package io.appstack.operator.scaling.config;

import java.time.Duration;

/**
 * How fast replicas may move: one up step per {@code upPeriod} of at most max(×upFactor, +upPods), one down step
 * per {@code downPeriod} of at most −downFraction (but at least {@code downMinPods}).
 */
public record RateLimits(
    double upFactor, int upPods, Duration upPeriod, double downFraction, int downMinPods, Duration downPeriod) {

  public RateLimits {
    if (!(upFactor >= 1) || upPods < 1 || !(downFraction >= 0 && downFraction < 1) || downMinPods < 1) {
      throw new IllegalArgumentException("invalid rate limits");
    }
    Thresholds.requireWindow("upPeriod", upPeriod);
    Thresholds.requireWindow("downPeriod", downPeriod);
  }

  /** The defaults of {@link ScalingOption}: up max(×2, +4) per 15s; down −50% (at least 1 pod) per minute. */
  public static RateLimits defaults() {
    return new RateLimits(ScalingOption.UP_FACTOR.number(), ScalingOption.UP_PODS.integer(),
        ScalingOption.UP_PERIOD.duration(), ScalingOption.DOWN_PERCENT.number() / 100,
        ScalingOption.DOWN_MIN_PODS.integer(), ScalingOption.DOWN_PERIOD.duration());
  }
}
