package io.appstack.operator.simulate.trace;

import io.appstack.operator.simulate.InputException;
import java.util.Random;

/**
 * Made-up shapes for judging a policy beside the real traces, per minute and deterministic (fixed seeds), named
 * {@code synthetic:step} and {@code synthetic:daily} on the command line:
 * <ul>
 *   <li>{@code step} — 2 hours at 1,000 req/s, 4 hours at 4,000, 2 hours back at 1,000, twice (16 hours): how a
 *       policy takes a sudden, lasting change;</li>
 *   <li>{@code daily} — 28 days (4 weeks) of a daily cycle (trough at 04:00, peak at 16:00, peak/trough 5) with weekends at
 *       60%, and noise: each minute's rate × a log-normal factor (σ 0.2) around a random walk that drifts the
 *       day's level by a few percent — a recurring demand with the jitter of a real one.</li>
 * </ul>
 * Times start on Monday 2024-01-01 00:00 UTC (any fixed day would do; the weekday matters for the daily shape).
 */
public final class SyntheticTrace {
  static final String PREFIX = "synthetic:";
  private static final long START = 1_704_067_200_000_000L; // 2024-01-01T00:00:00Z, a Monday
  private static final long MINUTE = 60_000_000L;

  private SyntheticTrace() {}

  public static boolean isSynthetic(String name) {
    return name.startsWith(PREFIX);
  }

  public static Trace of(String name) {
    return switch (name.substring(PREFIX.length())) {
      case "step" -> step(name);
      case "daily" -> daily(name);
      default -> throw new InputException(name + ": no such synthetic trace (synthetic:step, synthetic:daily)");
    };
  }

  private static Trace step(String name) {
    int minutes = 16 * 60;
    long[] times = new long[minutes];
    double[] counts = new double[minutes];
    for (int m = 0; m < minutes; m++) {
      int inCycle = m % (8 * 60);
      times[m] = START + m * MINUTE;
      counts[m] = 60.0 * (inCycle >= 120 && inCycle < 360 ? 4_000 : 1_000);
    }
    return Trace.counts(name, times, counts, MINUTE);
  }

  private static Trace daily(String name) {
    int minutes = 28 * 24 * 60;
    long[] times = new long[minutes];
    double[] counts = new double[minutes];
    Random gaussian = new Random(20240101L);
    double drift = 0;
    for (int m = 0; m < minutes; m++) {
      double hour = (m % (24 * 60)) / 60.0;
      int day = m / (24 * 60);
      boolean weekend = day % 7 >= 5;
      // Cosine between 1 (trough, 04:00) and 5 (peak, 16:00).
      double cycle = 3 - 2 * Math.cos(2 * Math.PI * (hour - 4) / 24);
      if (m % 60 == 0) {
        drift = 0.9 * drift + 0.03 * gaussian.nextGaussian();
      }
      double noise = Math.exp(0.2 * gaussian.nextGaussian() - 0.02);
      times[m] = START + m * MINUTE;
      counts[m] = 60.0 * 500 * cycle * (weekend ? 0.6 : 1) * Math.exp(drift) * noise;
    }
    return Trace.counts(name, times, counts, MINUTE);
  }
}
