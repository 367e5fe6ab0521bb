package io.appstack.operator.reconcile.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.state.ScalingState;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connection-budget gauge, which the loop test's stack (no database) cannot show, and the end of a
 * stack's series when it is deleted or loses a pool.
 */
class OperatorMetricsTest {
  /** A fresh registry, metrics and stack for each test (JUnit makes an instance per test). */
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OperatorMetrics metrics = new OperatorMetrics(registry);
  final AppStack shop = new AppStack("ns", "shop", AppStackSpec.ofApi(ApiSpec.of("a/b:1")));

  @Test
  void connectionBudgetGaugeFollowsTheLatestState() {
    metrics.connectionBudget(shop, false);
    assertThat(registry.scrape()).contains("appstack_connection_budget_holds{appstack=\"shop\",namespace=\"ns\",} 0.0");
    metrics.connectionBudget(shop, true);
    assertThat(registry.scrape()).contains("appstack_connection_budget_holds{appstack=\"shop\",namespace=\"ns\",} 1.0");
  }

  /** What the chart's PrometheusRule alerts on: one series per condition type, showing its current state. */
  @Test
  void conditionsShowAsOneSeriesPerTypeWithTheirStatusAndReason() {

    metrics.conditions(shop, List.of(condition("Stalled", "True", "InvalidSpec"),
        condition("ConnectionBudget", "False", "ScaleUpCapped")));
    assertThat(registry.scrape())
        .contains("appstack_condition{appstack=\"shop\",namespace=\"ns\",reason=\"InvalidSpec\",status=\"True\",type=\"Stalled\",} 1.0")
        .contains("reason=\"ScaleUpCapped\",status=\"False\",type=\"ConnectionBudget\"");

    // The spec is fixed and the database removed: Stalled's old series ends, ConnectionBudget's too.
    metrics.conditions(shop, List.of(condition("Stalled", "False", "Ready")));
    assertThat(registry.scrape()).doesNotContain("InvalidSpec", "ConnectionBudget")
        .contains("appstack_condition{appstack=\"shop\",namespace=\"ns\",reason=\"Ready\",status=\"False\",type=\"Stalled\",} 1.0");
    assertThat(series(registry, "appstack_condition")).hasSize(1);

    // A type twice is one series (the last wins); a condition without a type is left out, and the scrape holds.
    metrics.conditions(shop, List.of(condition("Ready", "False", "Reconciling"), condition("Ready", "True", "Ready"),
        condition(null, "True", "Odd")));
    assertThat(series(registry, "appstack_condition")).containsExactly(
        "appstack_condition{appstack=\"shop\",namespace=\"ns\",reason=\"Ready\",status=\"True\",type=\"Ready\",} 1.0");

    // The stack is deleted: its conditions end with its other series.
    metrics.retainStacks(Set.of());
    assertThat(registry.scrape()).doesNotContain("appstack_condition{");
  }

  static io.fabric8.kubernetes.api.model.Condition condition(String type, String status, String reason) {
    return new io.fabric8.kubernetes.api.model.ConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .build();
  }

  @Test
  void seriesOfDeletedStacksAndRemovedPoolsEnd() {
    AppStack blog = new AppStack("ns", "blog", AppStackSpec.ofApi(ApiSpec.of("a/b:1")));
    metrics.evaluated(shop, evaluation(Component.API, Component.worker("emails"), Component.worker("reports")));
    metrics.evaluated(blog, evaluation(Component.API));
    metrics.connectionBudget(blog, true);
    assertThat(registry.scrape()).contains("appstack=\"blog\"", "component=\"worker/reports\"");

    // The reports pool is removed from the spec: its series end, the others stay.
    metrics.evaluated(shop, evaluation(Component.API, Component.worker("emails")));
    assertThat(registry.scrape()).doesNotContain("component=\"worker/reports\"")
        .contains("appstack_replicas_desired{appstack=\"shop\",component=\"worker/emails\",namespace=\"ns\",} 4.0");

    // blog is deleted: every series of it ends, shop's stay.
    metrics.retainStacks(Set.of("ns/shop"));
    assertThat(registry.scrape()).doesNotContain("appstack=\"blog\"")
        .contains("appstack_phase{appstack=\"shop\",namespace=\"ns\",} 1.0");

    // A stack of the same name created again gets fresh series.
    metrics.evaluated(blog, evaluation(Component.API));
    assertThat(registry.scrape()).contains("appstack_replicas_desired{appstack=\"blog\",component=\"api\",namespace=\"ns\",} 4.0");
  }

  /**
   * Ending a removed pool's decision counts means scanning every meter of the fleet. Done on every evaluation, it
   * made each reconcile cost O(stacks) (1,000 stacks: 0.65 core in steady state instead of 0.3); it must happen
   * only when a stack's evaluation lost a component.
   */
  @Test
  void onlyAnEvaluationThatLostAComponentScansTheRegistry() {
    java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
      @Override
      public List<io.micrometer.core.instrument.Meter> getMeters() {
        scans.incrementAndGet();
        return super.getMeters();
      }
    };
    OperatorMetrics metrics = new OperatorMetrics(registry);
    for (int poll = 0; poll < 5; poll++) {
      metrics.evaluated(shop, evaluation(Component.API, Component.worker("emails")));
    }
    var scaled = ReplicaDecision.scale(Component.worker("reports"), 2, 4, "queue", java.util.Map.of(), "");
    metrics.evaluated(shop, new Evaluation(Instant.EPOCH, Phase.MEDIUM, Optional.empty(),
        List.of(ReplicaDecision.noChange(Component.API, 4, "steady"),
            ReplicaDecision.noChange(Component.worker("emails"), 4, "steady"), scaled), List.of(),
        ScalingState.initial(Phase.MEDIUM)));
    assertThat(scans).as("scans while no component went away").hasValue(0);
    assertThat(registry.find("appstack.scaling.decisions").tag("component", "worker/reports").counters()).hasSize(1);
    scans.set(0); // find() reads the meters too

    metrics.evaluated(shop, evaluation(Component.API, Component.worker("emails")));
    assertThat(scans).as("scans after the reports pool went away").hasValue(1);
    assertThat(registry.find("appstack.scaling.decisions").tag("component", "worker/reports").counters()).isEmpty();
    assertThat(registry.scrape()).doesNotContain("worker/reports");
  }

  /** What the engine read, per component and signal of its kind; a signal it could not read is NaN, not 0. */
  @Test
  void everySignalOfAComponentHasASeriesWithWhatTheEngineRead() {
    var api = ReplicaDecision.noChange(Component.API, 4, "steady", java.util.Map.of("cpu", 72.5, "pods", 4.0), "");
    var emails = ReplicaDecision.noChange(Component.worker("emails"), 2, "steady", java.util.Map.of("depth", 1500.0),
        "");
    metrics.evaluated(shop, new Evaluation(Instant.EPOCH, Phase.MEDIUM, Optional.empty(), List.of(api, emails),
        List.of(), ScalingState.initial(Phase.MEDIUM)));

    assertThat(registry.scrape())
        .contains("appstack_signal{appstack=\"shop\",component=\"api\",namespace=\"ns\",signal=\"cpu\",} 72.5")
        .contains("appstack_signal{appstack=\"shop\",component=\"api\",namespace=\"ns\",signal=\"pods\",} 4.0")
        .contains("appstack_signal{appstack=\"shop\",component=\"api\",namespace=\"ns\",signal=\"p95\",} NaN")
        .contains("appstack_signal{appstack=\"shop\",component=\"worker/emails\",namespace=\"ns\",signal=\"depth\",} 1500.0")
        .contains("appstack_signal{appstack=\"shop\",component=\"worker/emails\",namespace=\"ns\",signal=\"wait\",} NaN")
        .doesNotContain("signal=\"users\"");
    assertThat(series(registry, "appstack_signal")).hasSize(5);
  }

  /**
   * A fleet's per-stack figures are written at scrape time, not held as a Micrometer meter per series (two dozen
   * a stack, about 15 KiB of heap each stack).
   */
  @Test
  void perStackFiguresAreWrittenAtScrapeTimeNotHeldAsMeters() {
    for (int i = 0; i < 100; i++) {
      AppStack stack = new AppStack("ns", "s" + i, AppStackSpec.ofApi(ApiSpec.of("a/b:1")));
      metrics.evaluated(stack, evaluation(Component.API, Component.worker("emails")));
      metrics.conditions(stack, List.of(condition("Ready", "True", "Ready")));
      metrics.connectionBudget(stack, true);
    }

    assertThat(series(registry, "appstack_replicas_desired")).hasSize(200);
    assertThat(series(registry, "appstack_signal")).hasSize(100 * 5);
    assertThat(series(registry, "appstack_condition")).hasSize(100);
    assertThat(series(registry, "appstack_connection_budget_holds")).hasSize(100);
    assertThat(registry.scrape()).contains("# HELP appstack_phase Phase of the stack: 0 Small, 1 Medium, 2 Large, "
        + "3 Enterprise\n# TYPE appstack_phase gauge");
    assertThat(registry.getMeters()).as("no meter per stack").allMatch(m -> m.getId().getTag("appstack") == null);
  }

  /** The samples of {@code name} in the registry's exposition. */
  static List<String> series(PrometheusMeterRegistry registry, String name) {
    return registry.scrape().lines().filter(l -> l.startsWith(name + "{")).toList();
  }

  static Evaluation evaluation(Component... components) {
    List<ReplicaDecision> decisions = java.util.Arrays.stream(components)
        .map(c -> ReplicaDecision.noChange(c, 4, "steady")).toList();
    return new Evaluation(Instant.EPOCH, Phase.MEDIUM, Optional.empty(), decisions, List.of(), ScalingState.initial(Phase.MEDIUM));
  }
}
