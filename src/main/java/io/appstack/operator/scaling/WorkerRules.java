package io.appstack.operator.scaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker pool's rules: up when queue depth per worker or the oldest job's wait is above its
 * threshold for upFor; down when depth per worker is low for downFor. The wait takes part only where the
 * stack has a query for it.
 */
final class WorkerRules {
  private WorkerRules() {}

  static RuleSet of(WorkerPolicy policy, Reading depth, Reading wait, int current) {
    int workers = Math.max(current, 1); // 0 replicas is out of range anyway; avoid dividing by it
    Gauge depthGauge = new Gauge(Rules.WORKER_DEPTH, depth.derive(depth.value() / workers), "depth/worker", "",
        policy.depthPerWorkerUp(), policy.depthPerWorkerDown(),
        depth.healthy() ? Fmt.ceil(depth.value() / policy.depthPerWorkerUp()) : 0);
    // The wait takes no part in the calm rule, but must be healthy and not above for it.
    Gauge waitGauge = new Gauge(Rules.WORKER_WAIT, wait, "wait", "s", policy.maxWaitSeconds(), Double.NaN,
        wait.healthy() ? Fmt.ceil(workers * wait.value() / policy.maxWaitSeconds()) : 0);
    Map<String, Double> observed = new LinkedHashMap<>(4);
    if (depth.healthy()) {
      observed.put("depth", depth.value());
      observed.put("depth/worker", depth.value() / workers);
    }
    if (wait.healthy()) {
      observed.put("wait", wait.value());
    }
    // A signal the stack has no query for takes no part: a pool without an oldest-job age still scales down.
    List<Gauge> gauges = wait.configured() ? List.of(depthGauge, waitGauge) : List.of(depthGauge);
    return new RuleSet(gauges, Rules.WORKER_CALM, policy.upFor(), policy.downFor(),
        observed);
  }
}
