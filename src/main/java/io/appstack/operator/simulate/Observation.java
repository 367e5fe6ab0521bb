package io.appstack.operator.simulate;

/**
 * What the stack's metrics showed at one moment (the end of a step), as each controller's query
 * returns them: API CPU averaged over the engine's CPU window and over the HPA's window, the API
 * p95 over the latency window (0 without requests), how many API pods were ready, and each
 * pool's queue depth and oldest job age. Controllers see these through the metrics delay. A
 * mutable view, refilled by {@link History}.
 */
public final class Observation {
  long atMicros;
  double cpuPercent;
  int apiPods;
  double hpaCpuPercent;
  double p95Ms;
  int apiReady;
  final double[] depth;
  final double[] oldestAgeSeconds;

  Observation(int pools) {
    depth = new double[pools];
    oldestAgeSeconds = new double[pools];
  }

  /** When the metrics were true, microseconds since the replay's start. */
  public long atMicros() {
    return atMicros;
  }

  /** API CPU used over the engine's CPU window, in percent of the requests of the pods there are at its end. */
  public double cpuPercent() {
    return cpuPercent;
  }

  /** API pods (with a CPU request) at that moment: what the CPU percent is over. */
  public int apiPods() {
    return apiPods;
  }

  /** API CPU over the HPA's (metrics-server's) window. */
  public double hpaCpuPercent() {
    return hpaCpuPercent;
  }

  /** API p95 over the latency window; 0 when it saw no request. */
  public double p95Ms() {
    return p95Ms;
  }

  public int apiReady() {
    return apiReady;
  }

  public double depth(int pool) {
    return depth[pool];
  }

  public double oldestAgeSeconds(int pool) {
    return oldestAgeSeconds[pool];
  }
}
