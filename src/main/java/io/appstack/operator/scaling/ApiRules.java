package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.ApiPolicy;
import java.util.List;
import java.util.Map;

/** The API's rules: target tracking on CPU; p95 over its limit is a trigger. */
final class ApiRules {
  private ApiRules() {}

  static RuleSet of(ApiPolicy policy, Reading cpu, Reading pods, Reading p95) {
    Map<String, Double> observed = RuleSet.observed(cpu, pods, p95);
    List<Target> targets = cpu.configured()
        ? List.of(new Target(Rules.API_CPU, cpu, "cpu", "%", policy.cpuTargetPercent(), true,
            pods.healthy() ? (int) Math.round(pods.value()) : -1))
        : List.of();
    List<Trigger> triggers = p95.configured()
        ? List.of(new Trigger(Rules.API_P95, p95, "p95", "ms", policy.p95Ms())) : List.of();
    return new RuleSet(targets, triggers, Rules.API_DOWN, Rules.API_PREDICTED, policy.upFor(), policy.downFor(), observed);
  }
}
