package io.appstack.operator.metrics;

import java.time.Instant;
import java.util.Map;

/** One sample of an instant vector: its labels, value (may be NaN or ±Inf) and timestamp. */
public record Series(Map<String, String> labels, double value, Instant timestamp) {
  public Series {
    labels = Map.copyOf(labels);
  }
}
