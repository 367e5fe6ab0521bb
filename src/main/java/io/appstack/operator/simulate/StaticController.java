package io.appstack.operator.simulate;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.StackPolicy;
import java.util.List;

/** Baseline: every component fixed at the maximum of one phase's range, never scaled. */
final class StaticController implements Controller {
  private final Phase phase;
  private final int[] replicas;

  StaticController(StackPolicy policy, Phase phase) {
    this.phase = phase;
    List<Component> components = policy.components();
    replicas = new int[components.size()];
    for (int i = 0; i < replicas.length; i++) {
      replicas[i] = policy.bounds(components.get(i), phase).max();
    }
  }

  @Override
  public String name() {
    return "static";
  }

  @Override
  public String label() {
    return "model: static sizing at the " + phase.label() + " maximum";
  }

  @Override
  public int[] initial() {
    return replicas.clone();
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {}

  @Override
  public Phase phase() {
    return phase;
  }
}
