package io.appstack.operator.metrics;

import java.time.Instant;

/** One signal for one stack: a finite value with its timestamp, or why there is none. */
public sealed interface Reading {

  record Value(double value, Instant timestamp) implements Reading {}

  record Unhealthy(FailureKind kind, String message) implements Reading {}

  static Reading of(Series series) {
    double v = series.value();
    if (Double.isNaN(v)) {
      return new Unhealthy(FailureKind.NAN, "value is NaN");
    }
    if (Double.isInfinite(v)) {
      return new Unhealthy(FailureKind.INFINITE, "value is " + (v > 0 ? "+Inf" : "-Inf"));
    }
    return new Value(v, series.timestamp());
  }
}
