package io.appstack.operator.scaling;

/** Rule ids carried by {@link ReplicaDecision#rule()} and used as window keys in state. */
public final class Rules {
  private Rules() {}

  /** API cpu above its up threshold. */
  public static final String API_CPU = "api.cpu";
  /** API p95 above its up threshold. */
  public static final String API_P95 = "api.p95";
  /** API cpu and p95 both below their down thresholds. */
  public static final String API_CALM = "api.calm";
  /** Queue depth per worker above its up threshold. */
  public static final String WORKER_DEPTH = "worker.depth";
  /** Oldest job waiting longer than allowed. */
  public static final String WORKER_WAIT = "worker.wait";
  /** Queue depth per worker below its down threshold. */
  public static final String WORKER_CALM = "worker.calm";
  /** Replicas moved into the component's range. */
  public static final String BOUNDS = "bounds";
  /** Scaling is paused by the spec. */
  public static final String PAUSED = "paused";
  /** Nothing to do: inside the band, or a window still running. */
  public static final String HOLD = "hold";
  /** A signal needed to decide is missing, NaN, infinite or stale. */
  public static final String HOLD_METRICS_MISSING = "hold.metrics-missing";
  /** An up rule fires but the component is at its maximum. */
  public static final String HOLD_CEILING = "hold.ceiling";
  /** A down rule fires but the component is at its minimum. */
  public static final String HOLD_FLOOR = "hold.floor";
  /** A rule fires but the last step in that direction is too recent. */
  public static final String HOLD_RATE_LIMIT = "hold.rate-limit";
}
