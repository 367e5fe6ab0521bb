package io.appstack.operator.scaling.signal;

import java.time.Instant;
import java.util.Objects;

/** One observed metric value and when it was observed; NaN means "no data". */
public record Sample(double value, Instant timestamp) {
  public Sample {
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
