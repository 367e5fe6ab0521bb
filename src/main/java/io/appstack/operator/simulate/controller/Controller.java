package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.simulate.History;
import io.appstack.operator.simulate.PhaseEvent;
import io.appstack.operator.simulate.Pods;
import java.util.List;

/**
 * A scaling policy under replay: decides the desired replicas of every component (index 0 is the
 * API, then the worker pools in spec order) from what it observes.
 */
public interface Controller {

  /** Short name used in tables and JSON, e.g. "appstack". */
  String name();

  /** What the policy is, e.g. "AppStack engine (scaling.ScalingEngine), phase Auto from Medium". */
  String label();

  /** Desired replicas at the start; all of them start ready. */
  int[] initial();

  /**
   * Called at the start of step {@code k}, {@code nowMicros} after the replay's start; may change
   * {@code desired} in place.
   */
  void control(int k, long nowMicros, History history, int[] desired, Pods[] pods);

  /** The engine's phase now; null for a policy that has none. */
  default Phase phase() {
    return null;
  }

  /** True when the controller reads the API p95 (computing its window costs a little per step). */
  default boolean readsLatency() {
    return false;
  }

  /** Phase changes so far. */
  default List<PhaseEvent> phaseChanges() {
    return List.of();
  }
}
