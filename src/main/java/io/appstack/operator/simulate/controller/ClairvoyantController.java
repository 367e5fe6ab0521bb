package io.appstack.operator.simulate.controller;

import io.appstack.operator.simulate.History;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.Need;
import io.appstack.operator.simulate.Pods;

/**
 * The lower bound as a policy: each minute exactly the pods it {@link Need needs}, known in advance, so new
 * pods are started one start-up delay ahead and pods go the moment they are not needed. Nothing real can do
 * this; it is the yardstick for replica-hours.
 */
public final class ClairvoyantController implements Controller {
  private final Need need;
  private final int aheadSteps;

  public ClairvoyantController(Need need, ModelParams params) {
    this.need = need;
    this.aheadSteps = params.startupSeconds() / params.stepSeconds();
  }

  @Override
  public String name() {
    return "clairvoyant";
  }

  @Override
  public String label() {
    return "lower bound: each minute the fewest pods that meet the SLO, known in advance and started "
        + "one start-up delay ahead";
  }

  @Override
  public int[] initial() {
    int[] out = new int[need.components()];
    for (int c = 0; c < out.length; c++) {
      out[c] = need.max(c, 0, aheadSteps);
    }
    return out;
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {
    for (int c = 0; c < desired.length; c++) {
      desired[c] = need.max(c, k, k + aheadSteps);
    }
  }
}
