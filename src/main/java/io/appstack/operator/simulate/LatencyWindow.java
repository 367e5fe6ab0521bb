package io.appstack.operator.simulate;

/**
 * The API p95 as the operator's default query returns it:
 * {@code histogram_quantile(0.95, rate(http_server_requests_seconds_bucket[5m]))} — the 95th
 * percentile of every request of the last window, read from a histogram. Each step adds its
 * requests' latency distribution (M/M/c at the step's utilisation, or everyone at the backlog's
 * latency) as counts above each of 64 log-spaced bounds from 10 ms to 120 s; the quantile is
 * interpolated between the two bounds it falls between, like histogram_quantile. A window with no
 * requests gives 0 ms, as the operator's default p95 query answers for an idle API.
 *
 * <p>The interpolation can land above every latency the window holds (all requests at the 60 s
 * timeout read as 65 s, the next bound being 66 s); a request never takes longer than the slowest
 * one added — the backlog's latency, which the API model keeps within the timeout, or the model's
 * cap — so the result is capped there.
 */
final class LatencyWindow {
  static final int BOUNDS = 64;
  static final double MIN_MS = 10;
  static final double MAX_MS = 120_000;
  private static final int RHO_GRID = 2_000;
  private static final double Q = 0.05; // tail share above the p95

  private static final double[] BOUND_MS = new double[BOUNDS];

  static {
    double ratio = Math.pow(MAX_MS / MIN_MS, 1.0 / (BOUNDS - 1));
    for (int j = 0; j < BOUNDS; j++) {
      BOUND_MS[j] = MIN_MS * Math.pow(ratio, j);
    }
  }

  private final double[] tailTable; // [rho index × BOUNDS + j] = P(T > bound j)
  private final int window;
  private final double[] ring;
  private final double[] ringCount;
  private final double[] ringSlowest; // per step: the slowest latency added, ms
  private final double capMs;
  private final double[] sum = new double[BOUNDS];
  private final double[] scratch = new double[BOUNDS];
  private double total;
  private int pos;

  /** A window of {@code windowSteps} steps over pods modelled by {@code latency}. */
  LatencyWindow(ApiLatency latency, int windowSteps) {
    this.window = Math.max(1, windowSteps);
    ring = new double[window * BOUNDS];
    ringCount = new double[window];
    ringSlowest = new double[window];
    capMs = latency.capMs();
    tailTable = new double[(RHO_GRID + 1) * BOUNDS];
    for (int i = 0; i <= RHO_GRID; i++) {
      double rho = Math.min((double) i / RHO_GRID, 0.999_999);
      for (int j = 0; j < BOUNDS; j++) {
        double tail = ApiLatency.tail(latency.servers(), rho, BOUND_MS[j] / latency.serviceMs());
        tailTable[i * BOUNDS + j] = BOUND_MS[j] >= latency.capMs() ? 0 : tail;
      }
    }
  }

  /**
   * Adds a step: {@code requests} served at utilisation {@code rho} when {@code backlogMs} is 0, or
   * all of them at {@code backlogMs} when a backlog was left.
   */
  void add(double requests, double rho, double backlogMs) {
    int at = pos * BOUNDS;
    total -= ringCount[pos];
    for (int j = 0; j < BOUNDS; j++) {
      sum[j] -= ring[at + j];
    }
    double slowest = 0;
    if (requests > 0) {
      slowest = backlogMs > 0 ? backlogMs : capMs;
      if (backlogMs > 0 || rho >= 1) {
        double latencyMs = slowest; // at saturation without a backlog the model's p95 is its cap
        for (int j = 0; j < BOUNDS; j++) {
          scratch[j] = BOUND_MS[j] < latencyMs ? requests : 0;
        }
      } else {
        double x = Math.max(0, rho) * RHO_GRID;
        int i = Math.min((int) x, RHO_GRID - 1);
        double f = Math.min(1, x - i);
        int a = i * BOUNDS;
        int b = a + BOUNDS;
        for (int j = 0; j < BOUNDS; j++) {
          scratch[j] = requests * (tailTable[a + j] + (tailTable[b + j] - tailTable[a + j]) * f);
        }
      }
    } else {
      java.util.Arrays.fill(scratch, 0);
    }
    System.arraycopy(scratch, 0, ring, at, BOUNDS);
    ringCount[pos] = requests;
    ringSlowest[pos] = slowest;
    total += requests;
    for (int j = 0; j < BOUNDS; j++) {
      sum[j] += scratch[j];
    }
    pos = (pos + 1) % window;
  }

  /** The window's p95 in milliseconds; 0 without requests, as the default query answers then. */
  double p95Ms() {
    if (total < 0.5) {
      return 0;
    }
    double limit = Q * total;
    if (sum[0] <= limit) {
      return BOUND_MS[0];
    }
    for (int j = 1; j < BOUNDS; j++) {
      if (sum[j] <= limit) {
        double above = sum[j - 1] / total;
        double below = sum[j] / total;
        double f = (above - Q) / (above - below);
        double q = Math.exp(Math.log(BOUND_MS[j - 1]) + f * (Math.log(BOUND_MS[j]) - Math.log(BOUND_MS[j - 1])));
        return Math.min(q, slowest());
      }
    }
    return Math.min(BOUND_MS[BOUNDS - 1], slowest()); // beyond the last finite bound, as histogram_quantile
  }

  private double slowest() {
    double max = 0;
    for (double v : ringSlowest) {
      max = Math.max(max, v);
    }
    return max;
  }
}
