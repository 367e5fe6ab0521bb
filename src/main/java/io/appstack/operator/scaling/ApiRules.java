package io.appstack.operator.scaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's rules: up on cpu or p95 above threshold for upFor; down when both are low for downFor. */
final class ApiRules {
  private ApiRules() {}

  static RuleSet of(ApiPolicy policy, Reading cpu, Reading p95, int current) {
    Gauge cpuGauge = new Gauge(Rules.API_CPU, cpu, "cpu", "%", policy.cpuUpPercent(), policy.cpuDownPercent(),
        required(current, cpu, policy.cpuUpPercent()));
    Gauge p95Gauge = new Gauge(Rules.API_P95, p95, "p95", "ms", policy.p95UpMs(), policy.p95DownMs(),
        required(current, p95, policy.p95UpMs()));
    Map<String, Double> observed = new LinkedHashMap<>(4);
    if (cpu.healthy()) {
      observed.put("cpu", cpu.value());
    }
    if (p95.healthy()) {
      observed.put("p95", p95.value());
    }
    return new RuleSet(List.of(cpuGauge, p95Gauge), Rules.API_CALM, policy.upFor(), policy.downFor(), observed);
  }

  // Like the HPA, assume load spreads evenly: n pods would see value × current / n.
  private static long required(int current, Reading reading, double up) {
    return reading.healthy() ? Fmt.ceil(current * reading.value() / up) : 0;
  }
}
