package io.appstack.operator.scaling;

import java.time.Duration;

/**
 * Scaling rules of one worker pool: optional min/max overrides (null = phase default), queue
 * depth per worker thresholds, the longest acceptable job wait, and hold windows.
 */
public record WorkerPolicy(
    String name,
    Integer min,
    Integer max,
    double depthPerWorkerUp,
    double depthPerWorkerDown,
    double maxWaitSeconds,
    Duration upFor,
    Duration downFor) {

  public WorkerPolicy {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("worker pool name must not be blank");
    }
    Thresholds.requireOverrides("worker " + name, min, max);
    Thresholds.requireBand("worker " + name + " depthPerWorker", depthPerWorkerDown, depthPerWorkerUp);
    if (!(maxWaitSeconds > 0) || Double.isInfinite(maxWaitSeconds)) {
      throw new IllegalArgumentException("worker " + name + ": maxWaitSeconds must be > 0");
    }
    Thresholds.requireWindow("worker " + name + " upFor", upFor);
    Thresholds.requireWindow("worker " + name + " downFor", downFor);
  }

  /** The seed's rules: depth/worker 1000/100, wait 60s, up at once, down after 10m. */
  public static WorkerPolicy defaults(String name) {
    return new WorkerPolicy(name, null, null, 1000, 100, 60, Duration.ZERO, Duration.ofMinutes(10));
  }

  /** Copy with min/max overrides (null keeps the phase default). */
  public WorkerPolicy withBounds(Integer min, Integer max) {
    return new WorkerPolicy(name, min, max, depthPerWorkerUp, depthPerWorkerDown, maxWaitSeconds, upFor, downFor);
  }

  /** Copy with other queue depth per worker thresholds. */
  public WorkerPolicy withDepthPerWorker(double up, double down) {
    return new WorkerPolicy(name, min, max, up, down, maxWaitSeconds, upFor, downFor);
  }

  /** Copy with another longest acceptable job wait. */
  public WorkerPolicy withMaxWaitSeconds(double seconds) {
    return new WorkerPolicy(name, min, max, depthPerWorkerUp, depthPerWorkerDown, seconds, upFor, downFor);
  }

  /** Copy with other hold windows. */
  public WorkerPolicy withWindows(Duration up, Duration down) {
    return new WorkerPolicy(name, min, max, depthPerWorkerUp, depthPerWorkerDown, maxWaitSeconds, up, down);
  }

  /** This pool's range in a phase, within the global limits. */
  public Bounds bounds(Phase phase, GlobalLimits limits) {
    return Bounds.resolve(phase.workerBounds(), min, max, limits.worker());
  }
}
