package io.appstack.operator.scaling;

import io.appstack.operator.scaling.signal.Signal;

/**
 * A signal value checked for health; {@code problem} is null when the value is usable. A signal the stack
 * has no query for is {@link #notConfigured}: it takes no part in any rule (and so blocks nothing).
 */
record Reading(Signal signal, double value, String problem, boolean configured) {

  static Reading ok(Signal signal, double value) {
    return new Reading(signal, value, null, true);
  }

  static Reading missing(Signal signal, String problem) {
    return new Reading(signal, Double.NaN, problem, true);
  }

  static Reading notConfigured(Signal signal) {
    return new Reading(signal, Double.NaN, null, false);
  }

  boolean healthy() {
    return configured && problem == null;
  }

  /** The same signal with a derived value (e.g. depth per worker), keeping any problem. */
  Reading derive(double derived) {
    return healthy() ? ok(signal, derived) : this;
  }
}
