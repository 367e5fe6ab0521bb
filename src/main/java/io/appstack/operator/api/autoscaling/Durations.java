package io.appstack.operator.api.autoscaling;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations used in the spec ({@code 15s}, {@code 5m}, {@code 1h30m}, {@code 24h}). */
public final class Durations {
  /** The schema pattern for every duration field. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  /** The longest duration any field takes: longer is a typo (or a number that overflows), never a setting. */
  public static final Duration MAX = Duration.ofDays(30);

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || !text.matches(PATTERN)) {
      throw new IllegalArgumentException("not a duration (expected e.g. 15s, 5m, 1h30m): " + text);
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        });
      }
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("'" + text + "' is longer than " + MAX.toDays() + " days");
    }
    if (total.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than " + MAX.toDays() + " days");
    }
    return total;
  }
}
