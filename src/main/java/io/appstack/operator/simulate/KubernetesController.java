package io.appstack.operator.simulate;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.StackPolicy;
import java.util.List;

/**
 * Baseline: what a team would run without the operator — a HorizontalPodAutoscaler on the API's
 * CPU and a KEDA-style queue scaler (an HPA on the queue length as an AverageValue external
 * metric) on each worker pool, with min/max fixed to one phase's range. The HPA syncs every
 * {@code hpa-sync}; KEDA reads the queue every {@code keda-polling} and the HPA uses the last
 * reading. Both see metrics through the same delay as the engine.
 */
final class KubernetesController implements Controller {
  private final Phase phase;
  private final ModelParams params;
  private final Hpa api;
  private final Hpa[] pools;
  private final double[] kedaTarget;
  private final double[] kedaReading;
  private final boolean[] kedaRead;
  private final int[] initial;
  private final int syncSteps;
  private final int kedaSteps;
  private final int delaySteps;

  KubernetesController(StackPolicy policy, Phase phase, ModelParams params) {
    this.phase = phase;
    this.params = params;
    List<Component> components = policy.components();
    long window = params.hpaDownWindowSeconds() * 1_000_000L;
    initial = new int[components.size()];
    var apiBounds = policy.bounds(Component.API, phase);
    api = new Hpa(apiBounds.min(), apiBounds.max(), Hpa.Behavior.defaultScaleUp(), Hpa.Behavior.defaultScaleDown(window));
    initial[0] = apiBounds.min();
    pools = new Hpa[components.size() - 1];
    kedaTarget = new double[pools.length];
    kedaReading = new double[pools.length];
    kedaRead = new boolean[pools.length];
    for (int p = 0; p < pools.length; p++) {
      Component c = components.get(p + 1);
      var b = policy.bounds(c, phase);
      pools[p] = new Hpa(b.min(), b.max(), Hpa.Behavior.defaultScaleUp(), Hpa.Behavior.defaultScaleDown(window));
      kedaTarget[p] = params.kedaTargetPerReplica() != null
          ? params.kedaTargetPerReplica()
          : policy.worker(c.name()).depthPerWorkerUp();
      initial[p + 1] = b.min();
    }
    syncSteps = params.hpaSyncSeconds() / params.stepSeconds();
    kedaSteps = params.kedaPollingSeconds() / params.stepSeconds();
    delaySteps = params.metricsDelaySeconds() / params.stepSeconds();
  }

  @Override
  public String name() {
    return "hpa+keda";
  }

  @Override
  public String label() {
    return "model: HPA on API CPU " + fmt(params.hpaCpuTarget()) + "% + KEDA queue scaler on workers, "
        + phase.label() + " bounds";
  }

  @Override
  public int[] initial() {
    return initial.clone();
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {
    if (k % kedaSteps == 0) {
      Observation o = history.at(k - delaySteps);
      if (o != null) {
        for (int p = 0; p < pools.length; p++) {
          kedaReading[p] = o.depth(p);
          kedaRead[p] = true;
        }
      }
    }
    if (k % syncSteps != 0) {
      return;
    }
    Observation o = history.at(k - delaySteps);
    if (o != null) {
      int current = desired[0];
      // Pods that were not ready when the metric was taken have no usable metric: set aside.
      int withMetrics = Math.min(pods[0].ready(), o.apiReady());
      int unready = Math.max(0, current - withMetrics);
      double utilization = Math.floor(o.hpaCpuPercent()); // the HPA works in whole percent
      int recommendation = Hpa.utilizationReplicas(current, utilization, withMetrics, unready, params.hpaCpuTarget(),
          params.hpaTolerance());
      desired[0] = api.reconcile(nowMicros, current, recommendation);
    }
    for (int p = 0; p < pools.length; p++) {
      if (!kedaRead[p]) {
        continue;
      }
      int current = desired[p + 1];
      int recommendation = current == 0 ? 1
          : Hpa.averageValueReplicas(current, kedaReading[p], kedaTarget[p], params.hpaTolerance());
      desired[p + 1] = pools[p].reconcile(nowMicros, current, recommendation);
    }
  }

  @Override
  public Phase phase() {
    return phase;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
