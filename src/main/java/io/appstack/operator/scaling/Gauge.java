package io.appstack.operator.scaling;

/**
 * One watched value of a component against its thresholds, e.g. cpu against 70/30. {@code down}
 * is NaN when the value takes no part in the calm (scale-down) rule. {@code required} is the
 * smallest replica count at which this gauge's up rule would not fire.
 */
record Gauge(String rule, Reading reading, String label, String unit, double up, double down, long required) {

  boolean above() {
    return reading.healthy() && reading.value() > up;
  }

  boolean hasDown() {
    return !Double.isNaN(down);
  }

  boolean below() {
    return reading.healthy() && hasDown() && reading.value() < down;
  }

  /** How far past the up threshold the value is (1.0 = exactly at it). */
  double ratio() {
    return reading.value() / up;
  }

  String aboveText() {
    return label + ' ' + Fmt.num(reading.value()) + unit + " > " + Fmt.num(up) + unit;
  }

  String belowText() {
    return label + ' ' + Fmt.num(reading.value()) + unit + " < " + Fmt.num(down) + unit;
  }

  String bandText() {
    String value = label + ' ' + Fmt.num(reading.value()) + unit;
    return hasDown()
        ? value + " within " + Fmt.num(down) + "–" + Fmt.num(up) + unit
        : value + " ≤ " + Fmt.num(up) + unit;
  }

  String missingText() {
    return label + " missing (" + reading.problem() + ")";
  }
}
