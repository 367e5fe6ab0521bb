package io.appstack.operator.reconcile;

import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import java.util.function.Function;

/**
 * Checks every scale-up against the database connection budget before it is applied: a scale-up that
 * would open more connections than PgBouncer (or PostgreSQL) accepts is held to what fits, and the plan
 * says so, naming the setting to raise.
 */
final class BudgetCaps {
  private BudgetCaps() {}

  /** {@code budgetOf} gives the budget for the pods a plan runs. */
  static StackPlan apply(StackPlan plan, Evaluation evaluation, Function<StackPlan, ConnectionBudget> budgetOf) {
    for (ReplicaDecision d : evaluation.decisions()) {
      if (d.to() <= d.from()) {
        continue;
      }
      ConnectionBudget wanted = budgetOf.apply(plan);
      if (wanted.evaluate().holds()) {
        continue;
      }
      int others = plan.appPods() - plan.replicas(d.component());
      int allowed = wanted.cap(d.from(), d.to(), others);
      if (allowed < d.to()) {
        plan = plan.capped(d.component(), allowed, d.component().label() + " " + d.from() + "→" + d.to()
            + " held at " + allowed + " by the connection budget: " + wanted.evaluate().message());
      }
    }
    return plan;
  }
}
