package io.appstack.operator.scaling;

/** A signal value checked for health; {@code problem} is null when the value is usable. */
record Reading(Signal signal, double value, String problem) {

  static Reading ok(Signal signal, double value) {
    return new Reading(signal, value, null);
  }

  static Reading missing(Signal signal, String problem) {
    return new Reading(signal, Double.NaN, problem);
  }

  boolean healthy() {
    return problem == null;
  }

  /** The same signal with a derived value (e.g. depth per worker), keeping any problem. */
  Reading derive(double derived) {
    return healthy() ? ok(signal, derived) : this;
  }
}
