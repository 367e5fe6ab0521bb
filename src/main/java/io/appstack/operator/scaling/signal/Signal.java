package io.appstack.operator.scaling.signal;

import io.appstack.operator.scaling.Component;

/** A metric the engine reads; none of them may be negative. */
public enum Signal {
  /** Average API CPU utilisation in percent of requests. */
  API_CPU_PERCENT("cpu", "%", Component.Kind.API),
  /**
   * API pods the CPU figure is over (those with a CPU request when it was taken): the CPU percent times these is
   * the CPU used in pods' worth, whatever the count is now.
   */
  API_PODS("pods", "", Component.Kind.API),
  /** API p95 latency in milliseconds. */
  API_P95_MS("p95", "ms", Component.Kind.API),
  /** Total queue depth of a worker pool. */
  QUEUE_DEPTH("depth", "", Component.Kind.WORKER),
  /** Age of the oldest waiting job of a worker pool, in seconds. */
  OLDEST_JOB_AGE_SECONDS("wait", "s", Component.Kind.WORKER),
  /** Active users of the whole stack (optional). */
  USERS("users", "", null);

  private final String label;
  private final String unit;
  private final Component.Kind kind;

  Signal(String label, String unit, Component.Kind kind) {
    this.label = label;
    this.unit = unit;
    this.kind = kind;
  }

  /** Short name used in messages, e.g. "p95". */
  public String label() {
    return label;
  }

  /** Unit suffix used in messages, e.g. "ms". */
  public String unit() {
    return unit;
  }

  /** The component kind this signal belongs to, or null for stack-wide signals. */
  public Component.Kind kind() {
    return kind;
  }
}
