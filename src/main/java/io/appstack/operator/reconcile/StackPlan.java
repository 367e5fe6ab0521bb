package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.AppStackStatus;
import io.appstack.operator.api.ComponentStatus;
import io.appstack.operator.api.PhaseMode;
import io.appstack.operator.api.WorkerSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the dependents need beyond the spec, computed once per reconciliation: the phase, the
 * replica counts the operator owns, and the connection settings. Dependents read it from the context.
 */
public record StackPlan(String phase, int apiReplicas, Map<String, Integer> workerReplicas,
    ConnectionSettings connections) {

  static final String CONTEXT_KEY = StackPlan.class.getName();

  public StackPlan {
    workerReplicas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workerReplicas));
  }

  public static StackPlan from(Context<AppStack> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, StackPlan.class);
  }

  void storeIn(Context<AppStack> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  public int workerReplicas(String pool) {
    return workerReplicas.get(pool);
  }

  /**
   * The replica counts the operator owns: what status last decided, moved into the current bounds; a
   * new component starts at its minimum.
   */
  public static StackPlan build(AppStack stack, ConnectionSettings connections) {
    AppStackSpec spec = stack.getSpec();
    String phase = currentPhase(stack);
    Optional<AppStackStatus> status = Optional.ofNullable(stack.getStatus());
    int api = PhaseBounds.api(spec, phase).clamp(status
        .map(AppStackStatus::components).map(c -> c.api()).map(ComponentStatus::desiredReplicas)
        .orElse(0));
    Map<String, Integer> workers = new LinkedHashMap<>();
    for (WorkerSpec worker : spec.workers()) {
      int previous = status.map(AppStackStatus::components)
          .flatMap(c -> c.workers().stream().filter(w -> worker.name().equals(w.name())).findFirst())
          .map(ComponentStatus::desiredReplicas).orElse(0);
      workers.put(worker.name(), PhaseBounds.worker(spec, worker, phase).clamp(previous));
    }
    return new StackPlan(phase, api, workers, connections);
  }

  /** A pinned phase wins; in Auto the phase recorded in status, starting at Small. */
  static String currentPhase(AppStack stack) {
    PhaseMode mode = stack.getSpec().phase();
    if (mode != PhaseMode.Auto) {
      return mode.name();
    }
    return Optional.ofNullable(stack.getStatus()).map(AppStackStatus::phase).orElse(PhaseMode.Small.name());
  }
}
