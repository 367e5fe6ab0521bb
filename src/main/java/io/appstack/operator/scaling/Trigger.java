package io.appstack.operator.scaling;

/**
 * A limit that, exceeded for upFor, adds one bounded step of pods (the API's p95 over 500ms, a pool's oldest
 * job waiting over 60s): a signal that says "too slow" but not "how many pods", so it never sizes in proportion
 * to itself. While it is exceeded the component does not scale down.
 */
record Trigger(String rule, Reading reading, String label, String unit, double limit) {

  boolean above() {
    return reading.healthy() && reading.value() > limit;
  }

  String aboveText() {
    return label + ' ' + Fmt.num(reading.value()) + unit + " > " + Fmt.num(limit) + unit;
  }

  String withinText() {
    return label + ' ' + Fmt.num(reading.value()) + unit + " ≤ " + Fmt.num(limit) + unit;
  }

  String missingText() {
    return label + " missing (" + reading.problem() + ")";
  }
}
