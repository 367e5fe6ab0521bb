package io.appstack.operator.simulate;

/**
 * p95 response time of one API pod modelled as an M/M/c queue: c request slots (threads), each
 * serving a request in an exponentially distributed time with mean S, Poisson arrivals at
 * utilisation ρ. The response time T = W + service, where the wait W is 0 with probability
 * 1 − C and exponential with rate θ = c(1 − ρ)/S otherwise (C = Erlang C), so
 * <pre>
 *   P(T &gt; t) = (1 − C)·e^(−t/S) + C·(θS·e^(−t/S) − e^(−θt)) / (θS − 1)
 * </pre>
 * and the p95 is the t where that is 0.05, found by bisection. At low load it is the service
 * time's own p95, S·ln 20; it rises without bound as ρ → 1 and is capped at {@code capMs}.
 * Values are tabulated on a grid of ρ (linear interpolation), so a step costs no more than a
 * lookup.
 */
public final class ApiLatency {
  private static final int GRID = 20_000;
  private static final double P = 0.05;

  private final int servers;
  private final double serviceMs;
  private final double capMs;
  private final double[] table = new double[GRID + 1];

  /**
   * @param servers concurrent requests one pod serves (c)
   * @param serviceMs mean service time of one request (S)
   * @param capMs largest p95 reported (also the value at and beyond saturation)
   */
  public ApiLatency(int servers, double serviceMs, double capMs) {
    if (servers < 1 || !(serviceMs > 0) || !(capMs > 0)) {
      throw new IllegalArgumentException("invalid latency model " + servers + "/" + serviceMs + "/" + capMs);
    }
    this.servers = servers;
    this.serviceMs = serviceMs;
    this.capMs = capMs;
    for (int i = 0; i < GRID; i++) {
      table[i] = Math.min(capMs, serviceMs * p95InServiceTimes(servers, (double) i / GRID));
    }
    table[GRID] = capMs;
  }

  public int servers() {
    return servers;
  }

  public double serviceMs() {
    return serviceMs;
  }

  public double capMs() {
    return capMs;
  }

  /** p95 in milliseconds at utilisation {@code rho} (≥ 1 gives the cap). */
  public double p95Ms(double rho) {
    if (!(rho > 0)) {
      return table[0];
    }
    if (rho >= 1) {
      return capMs;
    }
    double x = rho * GRID;
    int i = (int) x;
    double f = x - i;
    return table[i] + (table[i + 1] - table[i]) * f;
  }

  /** Probability that an arriving request must wait (Erlang C) for c servers at utilisation ρ. */
  public static double erlangC(int c, double rho) {
    if (rho <= 0) {
      return 0;
    }
    if (rho >= 1) {
      return 1;
    }
    double a = c * rho;
    double b = 1; // Erlang B by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1))
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    return b / (1 - rho * (1 - b));
  }

  /** The p95 of the response time in units of the mean service time (exact for M/M/c). */
  public static double p95InServiceTimes(int c, double rho) {
    if (rho >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    double waitProb = erlangC(c, rho);
    double theta = c * (1 - rho); // wait rate in units of 1/S
    double lo = 0;
    double hi = Math.log(1 / P);
    while (tail(hi, waitProb, theta) > P) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (tail(mid, waitProb, theta) > P) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** P(T &gt; t) for c slots at utilisation ρ, t in service times. */
  public static double tail(int c, double rho, double t) {
    return tail(t, erlangC(c, rho), c * (1 - rho));
  }

  // P(T > t), t in service times.
  private static double tail(double t, double waitProb, double theta) {
    double service = Math.exp(-t);
    double sum;
    if (Math.abs(theta - 1) < 1e-9) {
      sum = (1 + t) * Math.exp(-t);
    } else {
      sum = (theta * Math.exp(-t) - Math.exp(-theta * t)) / (theta - 1);
    }
    return (1 - waitProb) * service + waitProb * sum;
  }
}
