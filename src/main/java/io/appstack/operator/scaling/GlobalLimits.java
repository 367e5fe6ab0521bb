package io.appstack.operator.scaling;

/** Hard replica limits no phase default or override can leave. */
public record GlobalLimits(Bounds api, Bounds worker) {

  public GlobalLimits {
    if (api == null || worker == null || api.min() < 1 || worker.min() < 1) {
      throw new IllegalArgumentException("global limits need a minimum of at least 1 replica");
    }
  }

  /** The seed's limits: API 1..20, each worker pool 2..50. */
  public static GlobalLimits defaults() {
    return new GlobalLimits(new Bounds(1, 20), new Bounds(2, 50));
  }
}
