package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.ApiPolicy;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The predictive floor in the engine: it raises a count ahead of a forecast peak, at once, and never lowers one. */
class PredictiveFloorTest {
  static final Instant NOW = Instant.parse("2026-12-02T08:58:00Z");
  static final Component EMAILS = Component.worker("emails");
  static final ScalingEngine ENGINE = new ScalingEngine(Clock.fixed(NOW, ZoneOffset.UTC));

  static StackPolicy policy(boolean predictive) {
    return StackPolicy.defaults("emails").withPredictive(predictive ? PredictivePolicy.on() : PredictivePolicy.OFF);
  }

  /** cpu 70% of 4 pods and a calm queue: nothing to do by the reactive rules. */
  static MetricsSnapshot.Builder calm() {
    return MetricsSnapshot.builder()
        .api(Signal.API_CPU_PERCENT, 70, NOW).api(Signal.API_PODS, 4, NOW).api(Signal.API_P95_MS, 120, NOW)
        .worker("emails", Signal.QUEUE_DEPTH, 1_500, NOW);
  }

  static Evaluation evaluate(StackPolicy policy, MetricsSnapshot metrics, int api, int emails) {
    return ENGINE.evaluate(policy, metrics, Map.of(Component.API, api, EMAILS, emails),
        ScalingState.initial(Phase.SMALL));
  }

  @Test
  void aForecastPeakRaisesTheCountAtOnceAndSaysWhy() {
    // 490% of a pod's request predicted for 09:00 → ⌈490 / 70⌉ = 7 pods; no up window to wait for.
    MetricsSnapshot metrics = calm().forecast(Component.API, new Forecast(490, NOW.plusSeconds(120), 3)).build();
    ReplicaDecision api = evaluate(policy(true), metrics, 4, 2).decision(Component.API);
    assertThat(api.to()).isEqualTo(7);
    assertThat(api.rule()).isEqualTo(Rules.API_PREDICTED);
    assertThat(api.reason()).isEqualTo("api 4→7: predicted cpu 490% of a pod's request at 09:00 UTC from the last 3 "
        + "weeks → 7 at the target of 70%");
  }

  @Test
  void aPoolIsSizedForItsForecastDepth() {
    MetricsSnapshot metrics = calm().forecast(EMAILS, new Forecast(8_500, NOW.plusSeconds(120), 2)).build();
    ReplicaDecision pool = evaluate(policy(true), metrics, 4, 2).decision(EMAILS);
    assertThat(pool.to()).isEqualTo(6); // ⌈8,500 / 1,000⌉ = 9, rate-limited to max(×2, +4) = 6 this step
    assertThat(pool.rule()).isEqualTo(Rules.WORKER_PREDICTED);
    assertThat(pool.reason()).startsWith("worker emails 2→6: predicted depth 8500 at 09:00 UTC from the last 2 weeks")
        .contains("rate limit allows 6");
  }

  @Test
  void itNeverLowersAnythingAndKeepsTheCountFromGoingBelowIt() {
    // A forecast below the current count does nothing by itself…
    MetricsSnapshot low = calm().forecast(Component.API, new Forecast(70, NOW.plusSeconds(120), 3)).build();
    assertThat(evaluate(policy(true), low, 4, 2).decision(Component.API).to()).isEqualTo(4);
    // …and one at the current count holds a stack that would otherwise scale down, for as long as it stands.
    StackPolicy p = policy(true);
    ScalingState state = ScalingState.initial(Phase.SMALL);
    MetricsSnapshot idle = MetricsSnapshot.builder()
        .api(Signal.API_CPU_PERCENT, 10, NOW).api(Signal.API_PODS, 6, NOW).api(Signal.API_P95_MS, 50, NOW)
        .worker("emails", Signal.QUEUE_DEPTH, 0, NOW).forecast(Component.API, new Forecast(420, NOW, 3)).build();
    int[] api = {6};
    for (int minute = 0; minute <= 10; minute++) {
      Evaluation e = new ScalingEngine(Clock.fixed(NOW.plus(Duration.ofMinutes(minute)), ZoneOffset.UTC))
          .evaluate(p, idle, Map.of(Component.API, api[0], EMAILS, 2), state);
      state = e.nextState();
      api[0] = e.decision(Component.API).to();
    }
    assertThat(api[0]).as("⌈420 / 70⌉ = 6 is the floor").isEqualTo(6);
  }

  @Test
  void offMeansAForecastIsIgnored() {
    MetricsSnapshot metrics = calm().forecast(Component.API, new Forecast(490, NOW.plusSeconds(120), 3)).build();
    assertThat(evaluate(policy(false), metrics, 4, 2).decision(Component.API).changes()).isFalse();
  }

  @Test
  void theFloorStopsAtTheMaximum() {
    MetricsSnapshot metrics = calm().forecast(Component.API, new Forecast(7_000, NOW.plusSeconds(120), 3)).build();
    StackPolicy p = policy(true).withApi(ApiPolicy.defaults().withBounds(null, 8));
    assertThat(evaluate(p, metrics, 4, 2).decision(Component.API).to()).isEqualTo(8);
  }

  @Test
  void aForecastIsTheMedianOfTheWeeksWithData() {
    assertThat(Forecast.of(Arrays.asList(400.0, null, 600.0, 500.0), 2, NOW))
        .hasValueSatisfying(f -> assertThat(f.total()).isEqualTo(500).isNotNegative());
    assertThat(Forecast.of(Arrays.asList(400.0, 600.0), 2, NOW)).hasValueSatisfying(f -> {
      assertThat(f.total()).isEqualTo(500);
      assertThat(f.weeks()).isEqualTo(2);
    });
    assertThat(Forecast.of(Arrays.asList(9_000.0, null, null), 2, NOW)).as("seen once is not recurring").isEmpty();
    assertThat(Forecast.of(Arrays.asList(Double.NaN, -1.0, Double.POSITIVE_INFINITY, 300.0), 1, NOW))
        .as("garbage from a history query is no week").hasValueSatisfying(f -> assertThat(f.weeks()).isEqualTo(1));
  }
}
