package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.simulate.History;
import io.appstack.operator.simulate.Need;
import io.appstack.operator.simulate.Pods;
import java.util.List;

/** Baseline: every component fixed at one size, never scaled. */
public final class StaticController implements Controller {
  private final String name;
  private final String label;
  private final int[] replicas;

  private StaticController(String name, String label, int[] replicas) {
    this.name = name;
    this.label = label;
    this.replicas = replicas;
  }

  /** Sized for the busiest minute: the smallest fixed size that meets the SLO over the whole load. */
  public static StaticController peakProvisioned(Need need, List<Component> components) {
    int[] replicas = new int[components.size()];
    for (int c = 0; c < replicas.length; c++) {
      replicas[c] = need.peak(c);
    }
    return new StaticController("static-peak", "static, peak-provisioned: the smallest fixed size that meets "
        + "the SLO in the busiest minute" + Controllers.sizes(components, replicas), replicas);
  }

  /** Every component at a phase's maximum: what a team sized by the roadmap's table would run. */
  public static StaticController phaseMaximum(StackPolicy policy, Phase phase) {
    List<Component> components = policy.components();
    int[] replicas = new int[components.size()];
    for (int c = 0; c < replicas.length; c++) {
      replicas[c] = policy.bounds(components.get(c), phase).max();
    }
    return new StaticController("static-max", "static at the " + phase.label() + " maximum"
        + Controllers.sizes(components, replicas), replicas);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public int[] initial() {
    return replicas.clone();
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {}
}
