package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import io.appstack.operator.scaling.state.ScalingState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A scale-up that would break the connection budget is held to what fits, and the plan names what to raise. */
class BudgetCapsTest {
  static final Component EMAILS = Component.worker("emails");

  /** PgBouncer: 1 instance × max_client_conn 100 → 10 pods of pool size 10. */
  static ConnectionBudget budget(StackPlan plan) {
    return new ConnectionBudget(plan.apiReplicas(), plan.appPods() - plan.apiReplicas(), 10, true, 1, 100, 20, 5, 100);
  }

  static Evaluation evaluation(ReplicaDecision... decisions) {
    return new Evaluation(Instant.EPOCH, Phase.LARGE, Optional.empty(), List.of(decisions), List.of(),
        ScalingState.initial(Phase.LARGE));
  }

  static StackPlan plan(int api, int emails) {
    return new StackPlan("Large", api, Map.of("emails", emails), new ConnectionSettings(Map.of()));
  }

  @Test
  void scaleUpPastTheBudgetIsHeldToWhatFits() {
    Evaluation up = evaluation(ReplicaDecision.scale(Component.API, 5, 8, "api.cpu", Map.of(), "api 5→8: cpu"),
        ReplicaDecision.noChange(EMAILS, 3, "holds"));
    StackPlan capped = BudgetCaps.apply(plan(8, 3), up, BudgetCapsTest::budget);

    assertThat(capped.apiReplicas()).isEqualTo(7);
    assertThat(capped.workerReplicas("emails")).isEqualTo(3);
    assertThat(capped.budgetCaps()).singleElement().satisfies(m -> assertThat(m)
        .startsWith("api 5→8 held at 7 by the connection budget:")
        .contains("database.pgbouncer.maxClientConn"));
    assertThat(budget(capped).evaluate().holds()).isTrue();
  }

  @Test
  void neverBelowTheCurrentCount() {
    Evaluation up = evaluation(ReplicaDecision.scale(EMAILS, 9, 12, "worker.depth", Map.of(), "worker emails 9→12"),
        ReplicaDecision.noChange(Component.API, 5, "holds"));
    StackPlan capped = BudgetCaps.apply(plan(5, 12), up, BudgetCapsTest::budget);
    assertThat(capped.workerReplicas("emails")).as("already over: hold, never shrink").isEqualTo(9);
  }

  @Test
  void withinTheBudgetNothingChanges() {
    Evaluation up = evaluation(ReplicaDecision.scale(Component.API, 3, 4, "api.cpu", Map.of(), "api 3→4"),
        ReplicaDecision.noChange(EMAILS, 3, "holds"));
    StackPlan plan = plan(4, 3);
    assertThat(BudgetCaps.apply(plan, up, BudgetCapsTest::budget)).isEqualTo(plan);
  }
}
