package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;

/** Replica bounds of each component: the phase table of the scaling roadmap, user overrides, global limits. */
final class PhaseBounds {
  private PhaseBounds() {}

  static ReplicaBounds api(AppStackSpec spec, String phase) {
    ReplicaBounds byPhase = switch (phase) {
      case "Medium" -> new ReplicaBounds(3, 5);
      case "Large" -> new ReplicaBounds(5, 10);
      case "Enterprise" -> new ReplicaBounds(10, 20);
      default -> new ReplicaBounds(2, 3);
    };
    var scaling = spec.api().scaling();
    return overridden(byPhase, scaling.min(), scaling.max(), 1, spec.limits().apiMaxReplicas());
  }

  static ReplicaBounds worker(AppStackSpec spec, WorkerSpec worker, String phase) {
    ReplicaBounds byPhase = switch (phase) {
      case "Medium" -> new ReplicaBounds(3, 5);
      case "Large" -> new ReplicaBounds(5, 10);
      case "Enterprise" -> new ReplicaBounds(20, 50);
      default -> new ReplicaBounds(2, 3);
    };
    var scaling = worker.scaling();
    return overridden(byPhase, scaling.min(), scaling.max(), spec.limits().workerMinReplicas(),
        spec.limits().workerMaxReplicas());
  }

  /** An explicit override beats the phase default on either side; the global limits beat both. */
  private static ReplicaBounds overridden(ReplicaBounds byPhase, Integer min, Integer max, int floor, int ceiling) {
    int hi = max != null ? max : byPhase.max();
    int lo = min != null ? min : Math.min(byPhase.min(), hi);
    hi = Math.max(hi, lo);
    return new ReplicaBounds(Math.max(floor, Math.min(ceiling, lo)), Math.max(floor, Math.min(ceiling, hi)));
  }
}
