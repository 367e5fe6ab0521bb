package io.appstack.operator.scaling;

import java.time.Duration;

/**
 * How fast replicas may move: one up step per {@code upPeriod} of at most
 * max(×upFactor, +upPods), one down step per {@code downPeriod} of at most
 * −downFraction (but at least {@code downMinPods}).
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

  /** DESIGN §2: up max(×2, +4) per 60s; down −25% (at least 1 pod) per 120s. */
  public static RateLimits defaults() {
    return new RateLimits(2.0, 4, Duration.ofSeconds(60), 0.25, 1, Duration.ofSeconds(120));
  }
}
