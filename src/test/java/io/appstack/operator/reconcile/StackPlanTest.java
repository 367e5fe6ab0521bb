package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiScaling;
import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.AppStackStatus;
import io.appstack.operator.api.ComponentStatus;
import io.appstack.operator.api.ComponentsStatus;
import io.appstack.operator.api.PhaseMode;
import io.appstack.operator.api.WorkerSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Replicas start at the phase minimum and the operator's last decision is kept inside the bounds. */
class StackPlanTest {

  @ParameterizedTest(name = "{0} phase, previous api {1} worker {2} → api {3} worker {4}")
  @CsvSource({
      "Small,      ,   , 2,  2",
      "Medium,     ,   , 3,  3",
      "Large,      ,   , 5,  5",
      "Enterprise, ,   , 10, 20",
      "Small,     3,  3, 3,  3",
      "Small,     9,  9, 3,  3",   // above the phase range: clamped down
      "Large,     2,  2, 5,  5",   // below: raised
      "Medium,    4,  5, 4,  5",
  })
  void replicasFollowThePhaseTable(PhaseMode phase, Integer previousApi, Integer previousWorker, int api, int worker) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1"))
        .withWorkers(List.of(WorkerSpec.of("w", "a/w:1", "q"))).withPhase(phase));
    if (previousApi != null) {
      stack.setStatus(new AppStackStatus(1L, phase.name(), null, null, new ComponentsStatus(
          new ComponentStatus(null, previousApi, null, null, null),
          List.of(new ComponentStatus("w", previousWorker, null, null, null)), null, null, null),
          null, null, null));
    }
    StackPlan plan = StackPlan.build(stack, new ConnectionSettings(java.util.Map.of()));
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
    assertThat(StackPlan.build(stack, new ConnectionSettings(java.util.Map.of())).apiReplicas()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"Auto, , Small", "Auto, Large, Large", "Medium, Large, Medium"})
  void pinnedPhaseWinsAutoFollowsStatus(PhaseMode mode, String statusPhase, String expected) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1")).withPhase(mode));
    if (statusPhase != null) {
      stack.setStatus(new AppStackStatus(1L, statusPhase, null, null, null, null, null, null));
    }
    assertThat(StackPlan.currentPhase(stack)).isEqualTo(expected);
  }
}
