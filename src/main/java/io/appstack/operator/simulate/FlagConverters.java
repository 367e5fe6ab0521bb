package io.appstack.operator.simulate;

import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.Phase;
import java.time.Duration;
import picocli.CommandLine;

/** How {@link SimulateCommand} reads the values of its flags; a bad value is a one-line error naming it. */
final class FlagConverters {
  private FlagConverters() {}

  /** Go-style durations (15s, 5m, 1h30m, 250ms) or plain seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip();
      if (v.matches("\\d+(\\.\\d+)?")) {
        return Duration.ofNanos(Math.round(Double.parseDouble(v) * 1e9));
      }
      try {
        return Durations.parse(v);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 15s, 5m, 250ms)");
      }
    }
  }

  /** Replica bounds as MIN-MAX, e.g. 2-20. */
  static final class BoundsConverter implements CommandLine.ITypeConverter<Bounds> {
    @Override
    public Bounds convert(String value) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})\\s*[-–]\\s*(\\d{1,4})").matcher(value.strip());
      if (m.matches()) {
        int min = Integer.parseInt(m.group(1));
        int max = Integer.parseInt(m.group(2));
        if (min <= max && max >= 1) {
          return new Bounds(min, max);
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not MIN-MAX replicas with MIN ≤ MAX, MAX ≥ 1 "
          + "(e.g. 2-20)");
    }
  }

  /** Phase names as in the CRD (Small, Medium, Large, Enterprise), any case. */
  static final class PhaseConverter implements CommandLine.ITypeConverter<Phase> {
    @Override
    public Phase convert(String value) {
      for (Phase p : Phase.values()) {
        if (p.label().equalsIgnoreCase(value.strip())) {
          return p;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a phase (Small, Medium, Large, Enterprise)");
    }
  }
}
