package io.appstack.operator.scaling.config;

import java.time.Duration;

/**
 * Scaling rules of one worker pool: optional min/max overrides (null = the stack's limits in Auto, the phase's
 * range when pinned), the queue depth per worker it is sized for, the oldest-job wait limit, and the windows.
 */
public record WorkerPolicy(
    String name,
    Integer min,
    Integer max,
    double depthPerWorker,
    double maxWaitSeconds,
    Duration upFor,
    Duration downFor) {

  public WorkerPolicy {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("worker pool name must not be blank");
    }
    Thresholds.requireOverrides("worker " + name, min, max);
    Thresholds.requirePositive("worker " + name + " depthPerWorker", depthPerWorker);
    Thresholds.requirePositive("worker " + name + " maxWaitSeconds", maxWaitSeconds);
    Thresholds.requireWindow("worker " + name + " upFor", upFor);
    Thresholds.requireWindow("worker " + name + " downFor", downFor);
  }

  /** The defaults of {@link ScalingOption}. */
  public static WorkerPolicy defaults(String name) {
    return new WorkerPolicy(name, null, null, ScalingOption.WORKER_DEPTH.number(),
        ScalingOption.WORKER_WAIT_SECONDS.number(), ScalingOption.WORKER_UP_FOR.duration(),
        ScalingOption.WORKER_DOWN_FOR.duration());
  }

  /** Copy with min/max overrides (null keeps the default). */
  public WorkerPolicy withBounds(Integer min, Integer max) {
    return new WorkerPolicy(name, min, max, depthPerWorker, maxWaitSeconds, upFor, downFor);
  }

  /** Copy with another queue depth per worker. */
  public WorkerPolicy withDepthPerWorker(double depth) {
    return new WorkerPolicy(name, min, max, depth, maxWaitSeconds, upFor, downFor);
  }

  /** Copy with another oldest-job wait limit. */
  public WorkerPolicy withMaxWaitSeconds(double seconds) {
    return new WorkerPolicy(name, min, max, depthPerWorker, seconds, upFor, downFor);
  }

  /** Copy with other windows. */
  public WorkerPolicy withWindows(Duration up, Duration down) {
    return new WorkerPolicy(name, min, max, depthPerWorker, maxWaitSeconds, up, down);
  }

  /** The range pinned to a phase: the phase's, overridden where set, within the stack's limits. */
  public Bounds bounds(Phase phase, GlobalLimits limits) {
    return Bounds.resolve(phase.workerBounds(), min, max, limits.worker());
  }

  /** The range in Auto: the stack's limits, overridden where set. */
  public Bounds autoBounds(GlobalLimits limits) {
    return Bounds.resolve(limits.worker(), min, max, limits.worker());
  }
}
