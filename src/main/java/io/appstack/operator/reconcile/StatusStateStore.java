package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.StateStore;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.state.ScalingState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's {@link StateStore}: the stack's status. The engine's memory is {@code status.scaling} and the counts
 * it set are the components' {@code desiredReplicas}; the {@link StatusAggregator} writes both back in one patch.
 */
record StatusStateStore(AppStack stack) implements StateStore {

  @Override
  public Remembered load(StackPolicy policy) {
    ScalingState prior = ScalingMemory.read(stack.getStatus(), initialPhase(policy));
    // Paused freezes the phase too: a pin set while paused applies on resume.
    Phase phase = policy.paused() || policy.phaseMode().isAuto() ? prior.phase() : policy.phaseMode().pinnedPhase();
    return new Remembered(prior, currentReplicas(stack, policy, phase));
  }

  private static Phase initialPhase(StackPolicy policy) {
    return policy.phaseMode().isAuto() ? Phase.SMALL : policy.phaseMode().pinnedPhase();
  }

  /**
   * What the operator last decided, from status. A component seen for the first time starts at its
   * minimum, so that it starts there even while scaling is paused.
   */
  static Map<Component, Integer> currentReplicas(AppStack stack, StackPolicy policy, Phase phase) {
    Optional<AppStackStatus> status = Optional.ofNullable(stack.getStatus());
    Map<Component, Integer> replicas = new HashMap<>();
    replicas.put(Component.API, status.map(AppStackStatus::components).map(c -> c.api())
        .map(ComponentStatus::desiredReplicas)
        .orElse(minimum(policy, Component.API, phase)));
    for (WorkerSpec worker : stack.getSpec().workers()) {
      Component component = Component.worker(worker.name());
      replicas.put(component, status.map(AppStackStatus::components)
          .flatMap(c -> c.workers().stream().filter(w -> worker.name().equals(w.name())).findFirst())
          .map(ComponentStatus::desiredReplicas)
          .orElse(minimum(policy, component, phase)));
    }
    return replicas;
  }

  // In Auto the bounds do not depend on the phase; a pin takes effect with the phase (not while paused).
  private static int minimum(StackPolicy policy, Component component, Phase phase) {
    return policy.phaseMode().isAuto() ? policy.bounds(component).min() : policy.bounds(component, phase).min();
  }
}
