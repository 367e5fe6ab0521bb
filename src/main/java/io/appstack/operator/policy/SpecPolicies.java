package io.appstack.operator.policy;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.api.autoscaling.RateLimitsSpec;
import io.appstack.operator.api.autoscaling.WorkerScaling;
import io.appstack.operator.scaling.config.ApiPolicy;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.GlobalLimits;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.PhaseMode;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.config.RateLimits;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;

/**
 * The engine's view of an AppStack spec: every threshold, window and limit the user can override, as the engine's
 * own value types. The one place the CRD model meets the engine, so that {@code scaling} never sees {@code api}.
 */
public final class SpecPolicies {
  private SpecPolicies() {}

  /**
   * The policy for {@code spec}.
   *
   * @throws IllegalArgumentException naming the offending setting when the values are inconsistent
   */
  public static StackPolicy from(AppStackSpec spec) {
    ApiScaling api = spec.api().scaling();
    StackPolicy policy = StackPolicy.defaults()
        .withPhaseMode(spec.phase() == io.appstack.operator.api.autoscaling.PhaseMode.Auto ? PhaseMode.AUTO
            : PhaseMode.pinned(Phase.fromLabel(spec.phase().name())))
        .withPaused(spec.paused())
        .withApi(new ApiPolicy(api.min(), api.max(), api.cpuTargetPercent(), api.p95Ms(),
            Durations.parse(api.upFor()), Durations.parse(api.downFor())))
        .withLimits(new GlobalLimits(new Bounds(spec.limits().apiMinReplicas(), spec.limits().apiMaxReplicas()),
            new Bounds(spec.limits().workerMinReplicas(), spec.limits().workerMaxReplicas())))
        .withTolerance(spec.autoscaling().tolerance())
        .withTriggerStep(spec.autoscaling().triggerStepPercent() / 100.0)
        .withPredictive(predictive(spec.autoscaling().predictive()))
        .withRateLimits(rateLimits(spec.autoscaling().rateLimits()))
        .withPhaseWindows(Durations.parse(spec.autoscaling().promoteAfter()),
            Durations.parse(spec.autoscaling().demoteAfter()));
    for (WorkerSpec worker : spec.workers()) {
      WorkerScaling s = worker.scaling();
      policy = policy.withWorker(new WorkerPolicy(worker.name(), s.min(), s.max(), s.depthPerWorker(),
          s.maxWaitSeconds(), Durations.parse(s.upFor()), Durations.parse(s.downFor())));
    }
    return policy;
  }

  private static PredictivePolicy predictive(io.appstack.operator.api.autoscaling.PredictiveSpec p) {
    return new PredictivePolicy(p.enabled(), p.weeks(), Math.min(2, p.weeks()), Durations.parse(p.leadTime()));
  }

  private static RateLimits rateLimits(RateLimitsSpec r) {
    return new RateLimits(r.upFactor(), r.upPods(), Durations.parse(r.upPeriod()), r.downPercent() / 100.0,
        r.downMinPods(), Durations.parse(r.downPeriod()));
  }
}
