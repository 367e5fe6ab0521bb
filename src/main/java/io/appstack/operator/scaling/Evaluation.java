package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.signal.MissingSignal;
import io.appstack.operator.scaling.state.ScalingState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of one engine run: a decision per component (API first, then worker pools in spec
 * order), an optional phase change, the phase now in effect, the signals that could not be used,
 * and the state to feed into the next run.
 */
public record Evaluation(
    Instant at,
    Phase phase,
    Optional<PhaseChange> phaseChange,
    List<ReplicaDecision> decisions,
    List<MissingSignal> missingSignals,
    ScalingState nextState) {

  public Evaluation {
    decisions = List.copyOf(decisions);
    missingSignals = List.copyOf(missingSignals);
  }

  /** The decision for a component. */
  public ReplicaDecision decision(Component component) {
    for (ReplicaDecision d : decisions) {
      if (d.component().equals(component)) {
        return d;
      }
    }
    throw new IllegalArgumentException("no decision for " + component);
  }

  /** True when every signal was usable (drives the MetricsAvailable condition). */
  public boolean metricsAvailable() {
    return missingSignals.isEmpty();
  }
}
