package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.appstack.operator.api.autoscaling.PhaseMode;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.api.status.ComponentsStatus;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.config.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * From the spec and status to the replica counts the dependents write: a new stack starts at the phase
 * minimum, a pinned phase moves counts into its range, overrides win inside the global limits — with no
 * metrics at all (held otherwise).
 */
class StackPlanTest {
  static final ScalingEngine ENGINE = new ScalingEngine(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
      ZoneOffset.UTC));

  static StackPlan plan(AppStack stack) {
    var policy = SpecPolicies.from(stack.getSpec());
    var prior = ScalingMemory.read(stack.getStatus(),
        policy.phaseMode().isAuto() ? Phase.SMALL : policy.phaseMode().pinnedPhase());
    Phase phase = policy.phaseMode().isAuto() ? prior.phase() : policy.phaseMode().pinnedPhase();
    var evaluation = ENGINE.evaluate(policy, MetricsSnapshot.empty(), StatusStateStore.currentReplicas(stack, policy, phase),
        prior);
    return StackPlan.build(evaluation, new ConnectionSettings(Map.of()));
  }

  @ParameterizedTest(name = "{0} phase, previous api {1} worker {2} → api {3} worker {4}")
  @CsvSource({
      "Small,      ,   , 2,  2",
      "Medium,     ,   , 3,  3",
      "Large,      ,   , 5,  5",
      "Enterprise, ,   , 10, 20",
      "Small,     3,  3, 3,  3",
      "Small,     9,  9, 5,  5",   // above the phase range: down one rate-limited step (−50%)
      "Large,     2,  2, 5,  5",   // below: raised
      "Medium,    4,  5, 4,  5",
  })
  void replicasFollowThePhaseTable(PhaseMode phase, Integer previousApi, Integer previousWorker, int api, int worker) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1"))
        .withWorkers(List.of(WorkerSpec.of("w", "a/w:1", "q"))).withPhase(phase));
    if (previousApi != null) {
      stack.setStatus(new AppStackStatus(1L, phase.name(), null, null, new ComponentsStatus(
          new ComponentStatus(null, previousApi, null, null, null),
          List.of(new ComponentStatus("w", previousWorker, null, null, null)), null, null, null, null),
          null, null, null));
    }
    StackPlan plan = plan(stack);
    assertThat(plan.phase()).isEqualTo(phase.name());
    assertThat(plan.apiReplicas()).isEqualTo(api);
    assertThat(plan.workerReplicas("w")).isEqualTo(worker);
  }

  @ParameterizedTest(name = "override min {0} max {1} → {2}")
  @CsvSource({
      "4,  ,  4",   // min override above the phase max widens the range upward
      " , 1,  1",   // max override below the phase min
      "30, 40, 20", // global API limit 20 wins
  })
  void overridesWinInsideGlobalLimits(Integer min, Integer max, int expected) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1")
        .withScaling(ApiScaling.bounds(min, max))));
    assertThat(plan(stack).apiReplicas()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"Auto, , Small", "Auto, Large, Large", "Medium, Large, Medium"})
  void pinnedPhaseWinsAutoFollowsStatus(PhaseMode mode, String statusPhase, String expected) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1")).withPhase(mode));
    if (statusPhase != null) {
      stack.setStatus(new AppStackStatus(1L, statusPhase, null, null, null, null, null, null));
    }
    assertThat(plan(stack).phase()).isEqualTo(expected);
  }
}
