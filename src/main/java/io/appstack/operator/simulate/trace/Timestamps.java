package io.appstack.operator.simulate.trace;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps a trace may use, to epoch microseconds:
 * <ul>
 *   <li>ISO-8601 date-time, with or without seconds, fraction and offset: {@code 1995-07-01T00:00},
 *       {@code 2023-11-16T18:17:03.97Z}, {@code 2023-11-16T18:17:03+01:00};</li>
 *   <li>the same with a space instead of {@code T}: {@code 2023-11-16 18:17:03.9799600};</li>
 *   <li>epoch seconds, optionally fractional: {@code 1700158623.98}.</li>
 * </ul>
 * A time without an offset is the trace's local time, of a zone the trace does not name: it is kept
 * as that wall-clock time (stored as if it were UTC, so it prints back unchanged) and {@link Kind#LOCAL}
 * tells the report not to call it UTC. Epoch values of 10^11 and more (after the year 5138) are
 * refused: they are milliseconds or microseconds, not seconds.
 */
public final class Timestamps {
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
          + "(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern EPOCH = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");
  // 10^11 s is the year 5138; 10^11 ms is 1973: beyond it a number is not epoch seconds.
  static final long MAX_EPOCH_SECONDS = 99_999_999_999L;

  /** How a time was written: it says whether the time is UTC. */
  public enum Kind {
    /** Epoch seconds: UTC. */
    EPOCH_SECONDS,
    /** A date-time with an offset or Z: converted to UTC. */
    OFFSET,
    /** A date-time without an offset: the trace's local wall-clock time, zone unknown. */
    LOCAL
  }

  /** A time read: epoch microseconds (wall-clock as if UTC for {@link Kind#LOCAL}) and how it was written. */
  public record Parsed(long micros, Kind kind) {}

  private Timestamps() {}

  /** Epoch microseconds of {@code text}, or throws {@link IllegalArgumentException}. */
  public static long parseMicros(String text) {
    return parse(text).micros();
  }

  /** {@code text} read, or throws {@link IllegalArgumentException} whose message says why. */
  public static Parsed parse(String text) {
    String s = text.strip();
    Matcher m = EPOCH.matcher(s);
    if (m.matches()) {
      if (m.group(1).length() > 11 || Long.parseLong(m.group(1)) > MAX_EPOCH_SECONDS) {
        throw new IllegalArgumentException("is too large for epoch seconds (after the year 5138): epoch "
            + "milliseconds or microseconds? give seconds");
      }
      return new Parsed(Long.parseLong(m.group(1)) * 1_000_000L + fractionMicros(m.group(2)), Kind.EPOCH_SECONDS);
    }
    m = DATE_TIME.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("is not a timestamp");
    }
    try {
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      long seconds = local.toEpochSecond(offset(m.group(8)));
      return new Parsed(seconds * 1_000_000L + fractionMicros(m.group(7)), m.group(8) == null ? Kind.LOCAL
          : Kind.OFFSET);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("is not a timestamp");
    }
  }

  private static ZoneOffset offset(String text) {
    if (text == null || text.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = text.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  // Sub-microsecond digits are dropped (the replay steps in seconds).
  private static long fractionMicros(String digits) {
    if (digits == null) {
      return 0;
    }
    String six = digits.length() >= 6 ? digits.substring(0, 6) : (digits + "000000").substring(0, 6);
    return Long.parseLong(six);
  }
}
