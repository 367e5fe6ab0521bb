package io.appstack.operator.scaling;

import io.appstack.operator.api.ApiScaling;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.AutoscalingSpec;
import io.appstack.operator.api.Durations;
import io.appstack.operator.api.LimitsSpec;
import io.appstack.operator.api.WorkerScaling;
import io.appstack.operator.api.WorkerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The AppStack spec in the engine's terms: a pure function of the {@code api} records to a
 * {@link StackPolicy}. Everything the spec leaves out keeps the engine's default (rate limits,
 * staleness). One deliberate adjustment: the engine's global limits need at least one replica, so
 * {@code limits.workerMinReplicas: 0} becomes 1.
 */
public final class SpecPolicies {
  private SpecPolicies() {}

  /** The engine policy of a spec (whose records have already filled in their defaults). */
  public static StackPolicy of(AppStackSpec spec) {
    ApiScaling api = spec.api().scaling();
    ApiPolicy apiPolicy = new ApiPolicy(api.min(), api.max(),
        api.cpu().up(), api.cpu().down(), api.p95Ms().up(), api.p95Ms().down(),
        Durations.parse(api.upFor()), Durations.parse(api.downFor()));
    List<WorkerPolicy> workers = new ArrayList<>(spec.workers().size());
    for (WorkerSpec w : spec.workers()) {
      WorkerScaling s = w.scaling();
      workers.add(new WorkerPolicy(w.name(), s.min(), s.max(), s.depthPerWorker().up(), s.depthPerWorker().down(),
          s.maxWaitSeconds(), Durations.parse(s.upFor()), Durations.parse(s.downFor())));
    }
    AutoscalingSpec auto = spec.autoscaling();
    LimitsSpec limits = spec.limits();
    GlobalLimits global = new GlobalLimits(new Bounds(1, limits.apiMaxReplicas()),
        new Bounds(Math.max(1, limits.workerMinReplicas()),
            Math.max(Math.max(1, limits.workerMinReplicas()), limits.workerMaxReplicas())));
    StackPolicy defaults = StackPolicy.defaults();
    return new StackPolicy(phaseMode(spec.phase()), spec.paused(), apiPolicy, workers, defaults.rateLimits(), global,
        auto.tolerance(), Durations.parse(auto.promoteAfter()), Durations.parse(auto.demoteAfter()),
        defaults.staleAfter());
  }

  /** The engine's phase mode for the spec's {@code phase}. */
  public static PhaseMode phaseMode(io.appstack.operator.api.PhaseMode mode) {
    return switch (mode) {
      case Auto -> PhaseMode.AUTO;
      case Small -> PhaseMode.pinned(Phase.SMALL);
      case Medium -> PhaseMode.pinned(Phase.MEDIUM);
      case Large -> PhaseMode.pinned(Phase.LARGE);
      case Enterprise -> PhaseMode.pinned(Phase.ENTERPRISE);
    };
  }
}
