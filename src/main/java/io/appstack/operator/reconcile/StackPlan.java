package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the dependents need beyond the spec, computed once per reconciliation: the phase, the
 * replica counts the operator owns, and the connection settings. Dependents read it from the context.
 */
public record StackPlan(String phase, int apiReplicas, Map<String, Integer> workerReplicas,
    ConnectionSettings connections, List<String> budgetCaps) {

  static final String CONTEXT_KEY = StackPlan.class.getName();

  public StackPlan {
    workerReplicas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workerReplicas));
    budgetCaps = List.copyOf(budgetCaps);
  }

  public StackPlan(String phase, int apiReplicas, Map<String, Integer> workerReplicas, ConnectionSettings connections) {
    this(phase, apiReplicas, workerReplicas, connections, List.of());
  }

  /** Pods of every app component together. */
  public int appPods() {
    return apiReplicas + workerReplicas.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int replicas(Component component) {
    return component.kind() == Component.Kind.API ? apiReplicas : workerReplicas.get(component.name());
  }

  /** This plan with {@code component} held to {@code replicas}, and why. */
  public StackPlan capped(Component component, int replicas, String why) {
    Map<String, Integer> workers = new LinkedHashMap<>(workerReplicas);
    int api = apiReplicas;
    if (component.kind() == Component.Kind.API) {
      api = replicas;
    } else {
      workers.put(component.name(), replicas);
    }
    List<String> caps = new java.util.ArrayList<>(budgetCaps);
    caps.add(why);
    return new StackPlan(phase, api, workers, connections, caps);
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

  /** The plan after {@code evaluation}: its phase and the replica count it decided for every component. */
  public static StackPlan build(Evaluation evaluation, ConnectionSettings connections) {
    int api = evaluation.decision(Component.API).to();
    Map<String, Integer> workers = new LinkedHashMap<>();
    for (ReplicaDecision decision : evaluation.decisions()) {
      if (decision.component().kind() == Component.Kind.WORKER) {
        workers.put(decision.component().name(), decision.to());
      }
    }
    return new StackPlan(evaluation.phase().label(), api, workers, connections);
  }
}
