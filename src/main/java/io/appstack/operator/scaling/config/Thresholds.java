package io.appstack.operator.scaling.config;

import java.time.Duration;

/** Shared argument checks for policy records. */
final class Thresholds {
  private Thresholds() {}

  static void requirePositive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be positive, got " + v);
    }
  }

  static void requireWindow(String what, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be a non-negative duration, got " + d);
    }
  }

  static void requireOverrides(String what, Integer min, Integer max) {
    if ((min != null && min < 0) || (max != null && max < 0) || (min != null && max != null && min > max)) {
      throw new IllegalArgumentException(what + ": invalid min/max override " + min + "/" + max);
    }
  }
}
