package io.appstack.operator.scaling;

import java.time.Duration;

/** Cheap formatting for decision messages (String.format is too slow for the hot path). */
final class Fmt {
  private Fmt() {}

  /** A number with at most two decimals and no trailing zeros: 70, 70.01, 1166.67. */
  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) >= 1e15) {
      return Double.toString(v);
    }
    long scaled = Math.round(v * 100);
    long whole = Math.abs(scaled / 100);
    long frac = Math.abs(scaled % 100);
    StringBuilder sb = new StringBuilder(12);
    if (scaled < 0) {
      sb.append('-');
    }
    sb.append(whole);
    if (frac != 0) {
      sb.append('.');
      if (frac < 10) {
        sb.append('0').append(frac);
      } else {
        sb.append(frac % 10 == 0 ? frac / 10 : frac);
      }
    }
    return sb.toString();
  }

  /** A time of day in UTC, 09:00 (for a forecast's moment). */
  static String time(java.time.Instant at) {
    java.time.LocalTime t = at.atZone(java.time.ZoneOffset.UTC).toLocalTime();
    return (t.getHour() < 10 ? "0" : "") + t.getHour() + ':' + (t.getMinute() < 10 ? "0" : "") + t.getMinute()
        + " UTC";
  }

  /** A duration as 24h, 1h30m, 5m, 4m59s, 30s (sub-second parts are dropped). */
  static String duration(Duration d) {
    long total = d.getSeconds();
    if (total <= 0) {
      return d.isZero() || d.isNegative() ? "0s" : d.toMillis() + "ms";
    }
    long h = total / 3600;
    long m = total % 3600 / 60;
    long s = total % 60;
    StringBuilder sb = new StringBuilder(8);
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (m > 0) {
      sb.append(m).append('m');
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }

  /** Smallest integer ≥ x, ignoring floating-point noise just above an integer. */
  static long ceil(double x) {
    return (long) Math.ceil(x - 1e-9);
  }
}
