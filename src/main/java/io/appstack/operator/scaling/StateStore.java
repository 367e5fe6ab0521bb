package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.state.ScalingState;
import java.util.Map;

/**
 * What the {@link ScalingLoop} remembers between turns: the state its last turn stored and the replicas it set (the
 * operator keeps both in the stack's status, so a restart resumes where it left off). The {@link Realiser} stores a
 * turn's next state together with the replicas it sets, in one write, so the two never disagree after a crash.
 */
@FunctionalInterface
public interface StateStore {
  /** The remembered state and counts; a component seen for the first time is at its minimum. */
  Remembered load(StackPolicy policy);

  /** The state of the last turn and the replica count of every component of the policy. */
  record Remembered(ScalingState state, Map<Component, Integer> replicas) {
    public Remembered {
      replicas = Map.copyOf(replicas);
    }
  }
}
