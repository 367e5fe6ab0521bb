package io.appstack.operator.simulate;

/**
 * What the stack's metrics showed at one moment (the end of a step): API CPU and p95, how many
 * API pods were ready, and each pool's queue depth and oldest job age. Controllers see these
 * through the metrics delay. A mutable view, refilled by {@link History}.
 */
public final class Observation {
  long atMicros;
  double cpuPercent;
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

  public double cpuPercent() {
    return cpuPercent;
  }

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
