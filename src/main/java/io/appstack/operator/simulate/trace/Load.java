package io.appstack.operator.simulate.trace;

import io.appstack.operator.simulate.InputException;
import java.util.Arrays;

/**
 * The offered load of a replay: requests arriving in each step of a fixed grid that starts at the
 * trace's first minute. Per-interval counts are spread evenly over their interval (split across
 * steps by overlap); arrivals are counted in the step they fall into; anything the trace does not
 * cover (gaps) is zero load. Medians and peaks are of per-minute average rates.
 */
public final class Load {
  private static final long MINUTE_MICROS = 60_000_000L;

  private final long startMicros;
  private final int stepSeconds;
  private final double[] requests;

  private Load(long startMicros, int stepSeconds, double[] requests) {
    this.startMicros = startMicros;
    this.stepSeconds = stepSeconds;
    this.requests = requests;
  }

  /** A load given directly (tests). */
  public static Load of(long startMicros, int stepSeconds, double[] requestsPerStep) {
    requireStep(stepSeconds);
    return new Load(startMicros, stepSeconds, requestsPerStep.clone());
  }

  /** Puts a trace on a grid of {@code stepSeconds} (which must divide a minute). */
  public static Load of(Trace trace, int stepSeconds) {
    requireStep(stepSeconds);
    long step = stepSeconds * 1_000_000L;
    long start = Math.floorDiv(trace.time(0), MINUTE_MICROS) * MINUTE_MICROS;
    int last = trace.rows() - 1;
    long end = trace.kind() == Trace.Kind.ARRIVALS ? trace.time(last) + 1 : trace.time(last) + trace.intervalMicros();
    long stepsLong = (end - start + step - 1) / step;
    if (stepsLong > 50_000_000L) {
      throw new InputException(trace.source() + ": spans " + stepsLong + " steps of " + stepSeconds
          + "s; use a longer --step or a shorter trace");
    }
    double[] perStep = new double[(int) stepsLong];
    if (trace.kind() == Trace.Kind.ARRIVALS) {
      for (int i = 0; i < trace.rows(); i++) {
        perStep[(int) ((trace.time(i) - start) / step)] += 1;
      }
    } else {
      for (int i = 0; i <= last; i++) {
        long a = trace.time(i);
        long b = a + trace.intervalMicros();
        if (i < last) {
          b = Math.min(b, trace.time(i + 1));
        }
        spread(perStep, start, step, a, b, trace.count(i));
      }
    }
    return new Load(start, stepSeconds, perStep);
  }

  private static void spread(double[] perStep, long start, long step, long a, long b, double count) {
    if (count == 0) {
      return;
    }
    double span = b - a;
    for (long j = (a - start) / step; j < perStep.length; j++) {
      long binStart = start + j * step;
      if (binStart >= b) {
        break;
      }
      long overlap = Math.min(b, binStart + step) - Math.max(a, binStart);
      perStep[(int) j] += count * (overlap / span);
    }
  }

  private static void requireStep(int stepSeconds) {
    if (stepSeconds <= 0 || 60 % stepSeconds != 0) {
      throw new InputException("--step must divide a minute (1s, 2s, 3s, 4s, 5s, 6s, 10s, 12s, 15s, 20s, 30s, 60s), got "
          + stepSeconds + "s");
    }
  }

  /** Epoch microseconds of the first step. */
  public long startMicros() {
    return startMicros;
  }

  public int stepSeconds() {
    return stepSeconds;
  }

  /** Number of steps. */
  public int steps() {
    return requests.length;
  }

  /** Requests arriving during step {@code k}. */
  public double requests(int k) {
    return requests[k];
  }

  /** Total requests. */
  public double total() {
    double sum = 0;
    for (double r : requests) {
      sum += r;
    }
    return sum;
  }

  /** Average request rate (per second) of every minute the grid covers; a partial last minute by its length. */
  public double[] minuteRates() {
    int perMinute = 60 / stepSeconds;
    int minutes = (requests.length + perMinute - 1) / perMinute;
    double[] rates = new double[minutes];
    for (int m = 0; m < minutes; m++) {
      int from = m * perMinute;
      int to = Math.min(requests.length, from + perMinute);
      double sum = 0;
      for (int k = from; k < to; k++) {
        sum += requests[k];
      }
      rates[m] = sum / ((to - from) * (double) stepSeconds);
    }
    return rates;
  }

  /**
   * Median of the per-minute rates, requests per second, by nearest rank (the ⌈n/2⌉-th smallest):
   * always one minute's actual rate, so a rescaling can hit it exactly.
   */
  public double medianRps() {
    double[] r = minuteRates();
    Arrays.sort(r);
    return r[(r.length + 1) / 2 - 1];
  }

  /** Highest per-minute rate, requests per second. */
  public double peakRps() {
    double peak = 0;
    for (double r : minuteRates()) {
      peak = Math.max(peak, r);
    }
    return peak;
  }

  /**
   * The load rescaled so its median and/or peak per-minute rate hit the given values (null keeps
   * it free). One target multiplies every step by the same factor. Both targets map each minute's
   * rate r to {@code median × (r / m)^k} (m the trace's median, k chosen so the peak lands too),
   * which keeps zeros, order and the minute's shape; steps inside a minute scale with it.
   */
  public Load rescaled(Double medianRps, Double peakRps) {
    if (medianRps == null && peakRps == null) {
      return this;
    }
    double m = medianRps();
    double p = peakRps();
    if (medianRps != null && !(medianRps > 0)) {
      throw new InputException("--median-rps must be positive");
    }
    if (peakRps != null && !(peakRps > 0)) {
      throw new InputException("--peak-rps must be positive");
    }
    if (medianRps != null && m <= 0) {
      throw new InputException("the trace's median per-minute rate is 0 (mostly idle); rescale it with --peak-rps");
    }
    if (peakRps != null && p <= 0) {
      throw new InputException("the trace has no requests; nothing to rescale");
    }
    double[] out = new double[requests.length];
    if (medianRps == null || peakRps == null) {
      double factor = medianRps != null ? medianRps / m : peakRps / p;
      for (int k = 0; k < out.length; k++) {
        out[k] = requests[k] * factor;
      }
      return new Load(startMicros, stepSeconds, out);
    }
    if (!(peakRps > medianRps)) {
      throw new InputException("--peak-rps must be above --median-rps");
    }
    if (!(p > m)) {
      throw new InputException("the trace's peak equals its median; rescale with --median-rps or --peak-rps alone");
    }
    double k = Math.log(peakRps / medianRps) / Math.log(p / m);
    double[] minute = minuteRates();
    int perMinute = 60 / stepSeconds;
    for (int j = 0; j < out.length; j++) {
      double r = minute[j / perMinute];
      out[j] = r > 0 ? requests[j] * (medianRps * Math.pow(r / m, k) / r) : 0;
    }
    return new Load(startMicros, stepSeconds, out);
  }
}
