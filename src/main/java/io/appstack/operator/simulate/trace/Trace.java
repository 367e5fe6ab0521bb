package io.appstack.operator.simulate.trace;

/**
 * A trace as read from a CSV file: either per-interval counts (a time and a request count per row,
 * each row covering one interval from its time) or one row per arrival. Times are epoch
 * microseconds, sorted.
 */
public final class Trace {

  /** How the rows are to be read. */
  public enum Kind { COUNTS, ARRIVALS }

  private final String source;
  private final Kind kind;
  private final long[] times;
  private final double[] counts;
  private final long intervalMicros;
  private final boolean localTime;

  Trace(String source, Kind kind, long[] times, double[] counts, long intervalMicros, boolean localTime) {
    this.source = source;
    this.kind = kind;
    this.times = times;
    this.counts = counts;
    this.intervalMicros = intervalMicros;
    this.localTime = localTime;
  }

  /** Per-interval counts; {@code intervalMicros} is the span each row covers. */
  public static Trace counts(String source, long[] times, double[] counts, long intervalMicros) {
    return new Trace(source, Kind.COUNTS, times, counts, intervalMicros, false);
  }

  /** One arrival per element of {@code times}. */
  public static Trace arrivals(String source, long[] times) {
    return new Trace(source, Kind.ARRIVALS, times, null, 0, false);
  }

  /** The same trace with its times marked as local wall-clock time of an unnamed zone (no offset given). */
  public Trace inLocalTime() {
    return new Trace(source, kind, times, counts, intervalMicros, true);
  }

  /**
   * True when the times had no zone offset: they are the trace's wall-clock times (stored as if
   * UTC), not UTC; false for epoch seconds and times with an offset, which are UTC.
   */
  public boolean localTime() {
    return localTime;
  }

  public String source() {
    return source;
  }

  public Kind kind() {
    return kind;
  }

  /** Number of data rows. */
  public int rows() {
    return times.length;
  }

  /** Epoch microseconds of row {@code i}. */
  public long time(int i) {
    return times[i];
  }

  /** Requests counted in row {@code i} (1 for an arrival). */
  public double count(int i) {
    return counts == null ? 1 : counts[i];
  }

  /** Span each row of a per-interval trace covers, in microseconds (0 for arrivals). */
  public long intervalMicros() {
    return intervalMicros;
  }

  /** Sum of all counts. */
  public double total() {
    if (counts == null) {
      return times.length;
    }
    double sum = 0;
    for (double c : counts) {
      sum += c;
    }
    return sum;
  }
}
