package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.simulate.History;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.Observation;
import io.appstack.operator.simulate.Pods;
import java.util.List;

/**
 * Baseline: what a team would run without the operator — a HorizontalPodAutoscaler on the API's CPU and a
 * KEDA ScaledObject on each worker pool (an HPA on the queue length as an AverageValue external metric), with
 * the same bounds and start replicas as the engine. Every {@code hpa-sync} the HPA reads the CPU of
 * metrics-server's window and, through KEDA's metrics server, the queue length of that moment (KEDA queries
 * the scaler when the HPA asks); both come through the same metrics delay as the engine's. KEDA itself owns
 * 0 ↔ 1: with a minimum of 0 it activates a pool at its polling interval when jobs wait, and scales it to
 * zero after its cooldown with an empty queue.
 */
public final class KubernetesController implements Controller {
  /** KEDA's default {@code cooldownPeriod}. */
  static final long KEDA_COOLDOWN_MICROS = 300_000_000L;

  private final ModelParams params;
  private final List<Component> components;
  private final Bounds[] bounds;
  private final Hpa api;
  private final Hpa[] pools;
  private final double[] kedaTarget;
  private final long[] emptySince;
  private final int[] initial;
  private final int syncSteps;
  private final int kedaSteps;
  private final int delaySteps;

  public KubernetesController(StackPolicy policy, Bounds[] bounds, int[] start, ModelParams params) {
    this.params = params;
    this.components = policy.components();
    this.bounds = bounds.clone();
    long window = params.hpaDownWindowSeconds() * 1_000_000L;
    initial = start.clone();
    api = hpa(bounds[0], window);
    pools = new Hpa[components.size() - 1];
    kedaTarget = new double[pools.length];
    emptySince = new long[pools.length];
    for (int p = 0; p < pools.length; p++) {
      pools[p] = hpa(bounds[p + 1], window);
      kedaTarget[p] = params.kedaTargetPerReplica() != null
          ? params.kedaTargetPerReplica()
          : policy.worker(components.get(p + 1).name()).depthPerWorker();
      emptySince[p] = -1;
    }
    syncSteps = params.hpaSyncSeconds() / params.stepSeconds();
    kedaSteps = params.kedaPollingSeconds() / params.stepSeconds();
    delaySteps = params.metricsDelaySeconds() / params.stepSeconds();
  }

  // KEDA gives the HPA a minimum of at least 1 and handles zero itself.
  private static Hpa hpa(Bounds b, long downWindowMicros) {
    return new Hpa(Math.max(1, b.min()), Math.max(1, b.max()), Hpa.Behavior.defaultScaleUp(),
        Hpa.Behavior.defaultScaleDown(downWindowMicros));
  }

  @Override
  public String name() {
    return "hpa+keda";
  }

  @Override
  public String label() {
    return "model: HPA on API CPU " + fmt(params.hpaCpuTarget()) + "% + KEDA queue scaler on workers"
        + Controllers.ranges(components, bounds);
  }

  @Override
  public int[] initial() {
    return initial.clone();
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {
    Observation o = history.at(k - delaySteps);
    if (o == null) {
      return;
    }
    if (k % kedaSteps == 0) {
      for (int p = 0; p < pools.length; p++) {
        desired[p + 1] = activation(p, desired[p + 1], o.depth(p), nowMicros);
      }
    }
    if (k % syncSteps != 0) {
      return;
    }
    int current = desired[0];
    // Pods that were not ready when the metric was taken have no usable metric: set aside.
    int withMetrics = Math.min(pods[0].ready(), o.apiReady());
    int unready = Math.max(0, current - withMetrics);
    double utilization = Math.floor(o.hpaCpuPercent()); // the HPA works in whole percent
    int recommendation = Hpa.utilizationReplicas(current, utilization, withMetrics, unready, params.hpaCpuTarget(),
        params.hpaTolerance());
    desired[0] = api.reconcile(nowMicros, current, recommendation);
    for (int p = 0; p < pools.length; p++) {
      int replicas = desired[p + 1];
      if (replicas == 0) {
        continue; // KEDA deactivated the target: the HPA does not scale it
      }
      int rec = Hpa.averageValueReplicas(replicas, o.depth(p), kedaTarget[p], params.hpaTolerance());
      desired[p + 1] = pools[p].reconcile(nowMicros, replicas, rec);
    }
  }

  // KEDA's own loop: 0 → 1 when jobs wait; → 0 after the cooldown of an empty queue, if the minimum allows.
  private int activation(int p, int replicas, double depth, long nowMicros) {
    if (depth > 0) {
      emptySince[p] = -1;
      return replicas == 0 ? 1 : replicas;
    }
    if (emptySince[p] < 0) {
      emptySince[p] = nowMicros;
    }
    boolean cooled = nowMicros - emptySince[p] >= KEDA_COOLDOWN_MICROS;
    return bounds[p + 1].min() == 0 && cooled ? 0 : replicas;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
