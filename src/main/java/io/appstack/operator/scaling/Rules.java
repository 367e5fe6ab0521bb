package io.appstack.operator.scaling;

/** Rule ids carried by {@link ReplicaDecision#rule()} and used as window keys in state. */
public final class Rules {
  private Rules() {}

  /** API CPU target tracking recommended more pods for upFor. */
  public static final String API_CPU = "api.cpu";
  /** API p95 above its limit for upFor: one bounded step. */
  public static final String API_P95 = "api.p95";
  /** Every API recommendation of the last downFor was below the current count. */
  public static final String API_DOWN = "api.down";
  /** The predictive floor: the API sized ahead for a recurring peak. */
  public static final String API_PREDICTED = "api.predicted";
  /** The predictive floor: the pool sized ahead for a recurring peak. */
  public static final String WORKER_PREDICTED = "worker.predicted";
  /** Queue depth per worker target tracking recommended more pods (or a job woke a pool at zero). */
  public static final String WORKER_DEPTH = "worker.depth";
  /** The oldest job waited longer than allowed for upFor: one bounded step. */
  public static final String WORKER_WAIT = "worker.wait";
  /** Every recommendation of the pool in the last downFor was below the current count. */
  public static final String WORKER_DOWN = "worker.down";
  /** Replicas moved into the component's range. */
  public static final String BOUNDS = "bounds";
  /** Scaling is paused by the spec. */
  public static final String PAUSED = "paused";
  /** Nothing to do: within the tolerance, or a window still running. */
  public static final String HOLD = "hold";
  /** A signal needed to decide is missing, NaN, infinite or stale. */
  public static final String HOLD_METRICS_MISSING = "hold.metrics-missing";
  /** More pods are wanted but the component is at its maximum. */
  public static final String HOLD_CEILING = "hold.ceiling";
  /** Fewer pods are wanted but the component is at its minimum. */
  public static final String HOLD_FLOOR = "hold.floor";
  /** A rule fires but the last step in that direction is too recent. */
  public static final String HOLD_RATE_LIMIT = "hold.rate-limit";
}
