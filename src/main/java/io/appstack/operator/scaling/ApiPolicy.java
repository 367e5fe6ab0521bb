package io.appstack.operator.scaling;

import java.time.Duration;

/**
 * Scaling rules of the API: optional min/max overrides (null = phase default), CPU and p95
 * thresholds, and how long a condition must hold before it acts.
 */
public record ApiPolicy(
    Integer min,
    Integer max,
    double cpuUpPercent,
    double cpuDownPercent,
    double p95UpMs,
    double p95DownMs,
    Duration upFor,
    Duration downFor) {

  public ApiPolicy {
    Thresholds.requireOverrides("api", min, max);
    Thresholds.requireBand("api cpu", cpuDownPercent, cpuUpPercent);
    Thresholds.requireBand("api p95", p95DownMs, p95UpMs);
    Thresholds.requireWindow("api upFor", upFor);
    Thresholds.requireWindow("api downFor", downFor);
  }

  /** The seed's rules: cpu 70/30 %, p95 500/200 ms, up after 5m, down after 10m. */
  public static ApiPolicy defaults() {
    return new ApiPolicy(null, null, 70, 30, 500, 200, Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** Copy with min/max overrides (null keeps the phase default). */
  public ApiPolicy withBounds(Integer min, Integer max) {
    return new ApiPolicy(min, max, cpuUpPercent, cpuDownPercent, p95UpMs, p95DownMs, upFor, downFor);
  }

  /** Copy with other CPU thresholds in percent. */
  public ApiPolicy withCpu(double up, double down) {
    return new ApiPolicy(min, max, up, down, p95UpMs, p95DownMs, upFor, downFor);
  }

  /** Copy with other p95 thresholds in milliseconds. */
  public ApiPolicy withP95(double upMs, double downMs) {
    return new ApiPolicy(min, max, cpuUpPercent, cpuDownPercent, upMs, downMs, upFor, downFor);
  }

  /** Copy with other hold windows. */
  public ApiPolicy withWindows(Duration up, Duration down) {
    return new ApiPolicy(min, max, cpuUpPercent, cpuDownPercent, p95UpMs, p95DownMs, up, down);
  }

  /** This component's range in a phase, within the global limits. */
  public Bounds bounds(Phase phase, GlobalLimits limits) {
    return Bounds.resolve(phase.apiBounds(), min, max, limits.api());
  }
}
