package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.WorkerPolicy;
import java.util.List;
import java.util.Map;

/**
 * A worker pool's rules: target tracking on queue depth per worker; the oldest job's wait over its limit is a
 * trigger. A signal the stack has no query for takes no part: a pool without an oldest-job age still scales down.
 */
final class WorkerRules {
  private WorkerRules() {}

  static RuleSet of(WorkerPolicy policy, Reading depth, Reading wait, int current) {
    Map<String, Double> observed = RuleSet.observed(depth, wait);
    if (depth.healthy() && current > 0) {
      observed.put("depth/worker", depth.value() / current);
    }
    List<Target> targets = depth.configured()
        ? List.of(new Target(Rules.WORKER_DEPTH, depth, "depth/worker", "", policy.depthPerWorker(), false, -1))
        : List.of();
    List<Trigger> triggers = wait.configured()
        ? List.of(new Trigger(Rules.WORKER_WAIT, wait, "wait", "s", policy.maxWaitSeconds())) : List.of();
    return new RuleSet(targets, triggers, Rules.WORKER_DOWN, Rules.WORKER_PREDICTED, policy.upFor(), policy.downFor(), observed);
  }
}
