package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.StackPolicy;

/** Collect: where a turn of the {@link ScalingLoop} reads its metrics (Prometheus in the operator, the model in the simulator). */
@FunctionalInterface
public interface MetricsSource {
  /** The stack's signals now and, when {@code policy}'s predictive floor is on, its forecasts. */
  MetricsSnapshot collect(StackPolicy policy);
}
