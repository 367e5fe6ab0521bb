package io.appstack.operator.scaling;

/**
 * The stack's replica limits: its range in Auto, and the bounds no pinned phase's range or override can leave.
 */
public record GlobalLimits(Bounds api, Bounds worker) {

  /** What any override is clamped into: an API keeps one pod; a worker pool may scale to zero. */
  public static final Bounds ABSOLUTE_API = new Bounds(1, 1000);
  public static final Bounds ABSOLUTE_WORKER = new Bounds(0, 1000);

  public GlobalLimits {
    if (api == null || worker == null || api.min() < 1) {
      throw new IllegalArgumentException("limits need an API minimum of at least 1 replica");
    }
  }

  /** The defaults of {@link ScalingOption}: API 2–20, each worker pool 2–50. */
  public static GlobalLimits defaults() {
    return new GlobalLimits(new Bounds(ScalingOption.API_MIN.integer(), ScalingOption.API_MAX.integer()),
        new Bounds(ScalingOption.WORKER_MIN.integer(), ScalingOption.WORKER_MAX.integer()));
  }
}
