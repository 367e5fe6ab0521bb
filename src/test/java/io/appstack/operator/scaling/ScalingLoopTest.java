package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop's turn: memory and metrics in, the engine's evaluation to the realiser, nothing kept by the loop. */
class ScalingLoopTest {
  final MutableClock clock = new MutableClock(Harness.T0);
  final ScalingLoop loop = new ScalingLoop(new ScalingEngine(clock));
  final StackPolicy policy = StackPolicy.defaults();
  final List<String> calls = new ArrayList<>();

  @Test
  void aTurnLoadsCollectsDecidesAndHandsTheEvaluationToTheRealiser() {
    Map<Component, Integer> replicas = new HashMap<>(Map.of(Component.API, 4));
    ScalingState[] stored = {ScalingState.initial(Phase.MEDIUM)};
    List<Evaluation> realised = new ArrayList<>();
    StateStore memory = p -> {
      calls.add("load");
      return new StateStore.Remembered(stored[0], replicas);
    };
    MetricsSource metrics = p -> {
      calls.add("collect");
      return MetricsSnapshot.builder().api(Signal.API_CPU_PERCENT, 140, clock.instant())
          .api(Signal.API_P95_MS, 100, clock.instant()).build();
    };
    Realiser realiser = e -> {
      calls.add("realise");
      realised.add(e);
      replicas.put(Component.API, e.decision(Component.API).to());
      stored[0] = e.nextState();
    };

    Evaluation first = loop.turn(policy, metrics, memory, realiser);

    assertThat(calls).containsExactly("load", "collect", "realise");
    assertThat(realised).containsExactly(first);
    assertThat(first.decision(Component.API).from()).isEqualTo(4);
    // 140% over 4 pods wants 8, but the up window has only just opened: the state remembers when.
    assertThat(first.decision(Component.API).to()).isEqualTo(4);
    assertThat(stored[0].component(Component.API.key())).isNotEqualTo(ComponentState.EMPTY);

    clock.advance(policy.api().upFor());
    Evaluation second = loop.turn(policy, metrics, memory, realiser);

    assertThat(second.decision(Component.API).from()).isEqualTo(4);
    assertThat(second.decision(Component.API).to()).isEqualTo(8);
    assertThat(replicas).containsEntry(Component.API, 8);
  }

  @Test
  void theLoopKeepsNothingBetweenTurns() {
    StateStore fresh = p -> new StateStore.Remembered(ScalingState.initial(Phase.MEDIUM), Map.of(Component.API, 4));
    MetricsSource hot = p -> MetricsSnapshot.builder().api(Signal.API_CPU_PERCENT, 140, clock.instant())
        .api(Signal.API_P95_MS, 100, clock.instant()).build();
    loop.turn(policy, hot, fresh, e -> { });
    clock.advance(policy.api().upFor());

    // A store that forgot the first turn: the window starts again, as after a lost status.
    Evaluation e = loop.turn(policy, hot, fresh, ignored -> { });

    assertThat(e.decision(Component.API).to()).isEqualTo(4);
  }
}
