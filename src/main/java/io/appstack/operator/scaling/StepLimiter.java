package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.RateLimits;
import java.time.Duration;
import java.time.Instant;

/** Caps a wanted replica count by the rate limits and the component's range. */
final class StepLimiter {

  /** The count to move to; when it equals the current count, {@code holdRule} says why. */
  record Step(int to, String holdRule, String note) {}

  private final RateLimits limits;

  StepLimiter(RateLimits limits) {
    this.limits = limits;
  }

  Step up(int current, long wanted, Bounds bounds, Instant lastUp, Instant now) {
    if (current >= bounds.max()) {
      return new Step(current, Rules.HOLD_CEILING, "at max " + bounds.max());
    }
    if (tooSoon(lastUp, limits.upPeriod(), now)) {
      return new Step(current, Rules.HOLD_RATE_LIMIT,
          "last scale-up " + Fmt.duration(Duration.between(lastUp, now)) + " ago, one step per "
              + Fmt.duration(limits.upPeriod()));
    }
    long cap = Math.max(Fmt.ceil(current * limits.upFactor()), (long) current + limits.upPods());
    long inRange = Math.min(wanted, bounds.max());
    if (cap < inRange) {
      return new Step((int) cap, null, "rate limit allows " + cap + " (wanted " + wanted + ")");
    }
    return new Step((int) inRange, null, wanted > inRange ? "capped at max " + bounds.max() + " (wanted " + wanted + ")" : null);
  }

  Step down(int current, long wanted, Bounds bounds, Instant lastDown, Instant now) {
    if (current <= bounds.min()) {
      return new Step(current, Rules.HOLD_FLOOR, "at min " + bounds.min());
    }
    if (wanted >= current) {
      return new Step(current, Rules.HOLD, "fewer pods would trigger a scale-up");
    }
    if (tooSoon(lastDown, limits.downPeriod(), now)) {
      return new Step(current, Rules.HOLD_RATE_LIMIT,
          "last scale-down " + Fmt.duration(Duration.between(lastDown, now)) + " ago, one step per "
              + Fmt.duration(limits.downPeriod()));
    }
    // −25% rounds the remaining count up (like the HPA), but always allows at least one pod.
    long floor = Math.min(Fmt.ceil(current * (1 - limits.downFraction())), (long) current - limits.downMinPods());
    long inRange = Math.max(wanted, bounds.min());
    if (floor > inRange) {
      return new Step((int) floor, null, "rate limit allows " + floor + " (wanted " + inRange + ")");
    }
    return new Step((int) inRange, null, null);
  }

  /**
   * A count outside the range (hand-scaled, a phase change, a status nobody's operator wrote) moves toward it one
   * rate-limited step at a time, like any other scale: a capacity cliff is never taken at once.
   */
  Step intoRange(int current, Bounds bounds, Instant lastUp, Instant lastDown, Instant now) {
    if (current < bounds.min()) {
      if (tooSoon(lastUp, limits.upPeriod(), now)) {
        return new Step(current, Rules.HOLD_RATE_LIMIT, "below min " + bounds.min() + "; last scale-up "
            + Fmt.duration(Duration.between(lastUp, now)) + " ago, one step per " + Fmt.duration(limits.upPeriod()));
      }
      long cap = Math.max(Fmt.ceil(current * limits.upFactor()), (long) current + limits.upPods());
      return new Step((int) Math.min(cap, bounds.min()), null, cap < bounds.min() ? "rate limit allows " + cap : null);
    }
    if (tooSoon(lastDown, limits.downPeriod(), now)) {
      return new Step(current, Rules.HOLD_RATE_LIMIT, "above max " + bounds.max() + "; last scale-down "
          + Fmt.duration(Duration.between(lastDown, now)) + " ago, one step per " + Fmt.duration(limits.downPeriod()));
    }
    long floor = Math.min(Fmt.ceil(current * (1 - limits.downFraction())), (long) current - limits.downMinPods());
    return new Step((int) Math.max(floor, bounds.max()), null, floor > bounds.max() ? "rate limit allows " + floor : null);
  }

  private static boolean tooSoon(Instant last, Duration period, Instant now) {
    return last != null && now.isBefore(last.plus(period));
  }
}
