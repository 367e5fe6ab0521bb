package io.appstack.operator.scaling.config;

/**
 * The stack's replica limits: its range in Auto, and the bounds no pinned phase's range or override can leave
 * (except the API's minimum, which an override may lower to one pod). A worker minimum of 0 allows scale-to-zero.
 */
public record GlobalLimits(Bounds api, Bounds worker) {

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
