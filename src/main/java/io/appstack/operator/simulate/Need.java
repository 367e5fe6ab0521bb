package io.appstack.operator.simulate;

import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.simulate.trace.Load;

/**
 * The fewest pods each minute of a load needs to meet the SLO, per component, within the same bounds every
 * policy gets: the API the fewest pods whose M/M/c p95 at that minute's busiest step stays within the p95 SLO
 * ({@link ApiLatency}); a pool the fewest workers that finish the minute's jobs within the minute (a job may
 * wait up to the wait SLO, so no finer sizing is needed). A lower bound: no policy that meets the SLO can use
 * fewer pods in a minute, whatever it knows.
 */
public final class Need {
  private final int[][] perMinute;
  private final int stepsPerMinute;

  private Need(int[][] perMinute, int stepsPerMinute) {
    this.perMinute = perMinute;
    this.stepsPerMinute = stepsPerMinute;
  }

  static Need of(Load load, ModelParams p, Bounds[] bounds) {
    int components = bounds.length;
    int pools = components - 1;
    int perMinute = 60 / load.stepSeconds();
    int minutes = (load.steps() + perMinute - 1) / perMinute;
    double podRate = p.apiRpsPerPod() * p.apiMaxCpuPercent() / 100;
    double rhoMax = highestUtilisationWithin(new ApiLatency(p.apiServers(), p.apiServiceMs(), p.apiLatencyCapMs()),
        p.sloP95Ms());
    double jobsPerPool = pools == 0 ? 0 : p.jobsPerRequest() / pools;
    int[][] need = new int[components][minutes];
    for (int m = 0; m < minutes; m++) {
      double busiest = 0;
      double requests = 0;
      for (int k = m * perMinute; k < Math.min(load.steps(), (m + 1) * perMinute); k++) {
        busiest = Math.max(busiest, load.requests(k) / load.stepSeconds());
        requests += load.requests(k);
      }
      need[0][m] = busiest == 0 ? bounds[0].min()
          : rhoMax <= 0 ? bounds[0].max() : bounds[0].clamp(ceil(busiest / (podRate * rhoMax)));
      for (int w = 1; w < components; w++) {
        need[w][m] = bounds[w].clamp(ceil(requests * jobsPerPool / (p.workerJobsPerSecond() * 60)));
      }
    }
    return new Need(need, perMinute);
  }

  // The p95 rises with utilisation: bisect for the highest ρ whose p95 is within the SLO (0 if none is).
  static double highestUtilisationWithin(ApiLatency latency, double sloMs) {
    if (latency.p95Ms(0) > sloMs) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (latency.p95Ms(mid) <= sloMs) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Pods component {@code c} needs in the minute of step {@code k}. */
  int at(int c, int k) {
    int[] n = perMinute[c];
    return n[Math.min(n.length - 1, k / stepsPerMinute)];
  }

  /** The most pods component {@code c} needs from step {@code from} to step {@code to}, both included. */
  public int max(int c, int from, int to) {
    int[] n = perMinute[c];
    int most = 0;
    for (int m = from / stepsPerMinute; m <= Math.min(n.length - 1, to / stepsPerMinute); m++) {
      most = Math.max(most, n[m]);
    }
    return most;
  }

  /** The most pods component {@code c} ever needs. */
  public int peak(int c) {
    return max(c, 0, Integer.MAX_VALUE - stepsPerMinute);
  }

  public int components() {
    return perMinute.length;
  }

  private static long ceil(double x) {
    return (long) Math.ceil(x - 1e-9);
  }
}
