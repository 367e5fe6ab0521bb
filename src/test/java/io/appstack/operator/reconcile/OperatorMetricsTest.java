package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The connection-budget gauge, which the loop test's stack (no database) cannot show. */
class OperatorMetricsTest {
  @Test
  void connectionBudgetGaugeFollowsTheLatestState() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    AppStack stack = new AppStack("ns", "shop", AppStackSpec.ofApi(ApiSpec.of("a/b:1")));

    metrics.connectionBudget(stack, false);
    assertThat(registry.scrape()).contains("appstack_connection_budget_holds{appstack=\"shop\",namespace=\"ns\",} 0.0");
    metrics.connectionBudget(stack, true);
    assertThat(registry.scrape()).contains("appstack_connection_budget_holds{appstack=\"shop\",namespace=\"ns\",} 1.0");
  }
}
