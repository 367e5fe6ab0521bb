package io.appstack.operator.scaling;

import java.time.Duration;

/** Shared argument checks for policy records. */
final class Thresholds {
  private Thresholds() {}

  static void requireBand(String what, double down, double up) {
    if (!(down >= 0) || !(up > down) || Double.isInfinite(up)) {
      throw new IllegalArgumentException(what + ": need 0 <= down < up, got down " + down + ", up " + up);
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
