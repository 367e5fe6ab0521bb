package io.appstack.operator.scaling.config;

import java.time.Duration;

/**
 * Scaling rules of the API: optional min/max overrides (null = the stack's limits in Auto, the phase's range when
 * pinned), the CPU target, the p95 limit, and the up and down windows.
 */
public record ApiPolicy(
    Integer min,
    Integer max,
    double cpuTargetPercent,
    double p95Ms,
    Duration upFor,
    Duration downFor) {

  public ApiPolicy {
    Thresholds.requireOverrides("api", min, max);
    Thresholds.requirePositive("api cpu target", cpuTargetPercent);
    Thresholds.requirePositive("api p95 limit", p95Ms);
    Thresholds.requireWindow("api upFor", upFor);
    Thresholds.requireWindow("api downFor", downFor);
  }

  /** The defaults of {@link ScalingOption}. */
  public static ApiPolicy defaults() {
    return new ApiPolicy(null, null, ScalingOption.API_CPU_TARGET.number(), ScalingOption.API_P95_MS.number(),
        ScalingOption.API_UP_FOR.duration(), ScalingOption.API_DOWN_FOR.duration());
  }

  /** Copy with min/max overrides (null keeps the default). */
  public ApiPolicy withBounds(Integer min, Integer max) {
    return new ApiPolicy(min, max, cpuTargetPercent, p95Ms, upFor, downFor);
  }

  /** Copy with another CPU target in percent. */
  public ApiPolicy withCpuTarget(double percent) {
    return new ApiPolicy(min, max, percent, p95Ms, upFor, downFor);
  }

  /** Copy with another p95 limit in milliseconds. */
  public ApiPolicy withP95(double ms) {
    return new ApiPolicy(min, max, cpuTargetPercent, ms, upFor, downFor);
  }

  /** Copy with other windows. */
  public ApiPolicy withWindows(Duration up, Duration down) {
    return new ApiPolicy(min, max, cpuTargetPercent, p95Ms, up, down);
  }

  /** The range pinned to a phase: the phase's, overridden where set, within the stack's limits. */
  public Bounds bounds(Phase phase, GlobalLimits limits) {
    return Bounds.resolve(phase.apiBounds(), min, max, outer(limits));
  }

  /** The range in Auto: the stack's limits, overridden where set. */
  public Bounds autoBounds(GlobalLimits limits) {
    return Bounds.resolve(limits.api(), min, max, outer(limits));
  }

  // limits.apiMinReplicas is Auto's default minimum, not a floor: an override may set the API down to one pod.
  private static Bounds outer(GlobalLimits limits) {
    return new Bounds(1, limits.api().max());
  }
}
