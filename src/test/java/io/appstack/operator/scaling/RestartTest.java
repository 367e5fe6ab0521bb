package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.RateLimits;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restarting the operator means feeding the last state back in; decisions must not change. */
class RestartTest {

  private static final int STEPS = 720; // 12 hours at one evaluation per minute
  private static final Duration STEP = Duration.ofMinutes(1);
  // Slower rate limits than the defaults, so that a minute's evaluations meet them too.
  private static final StackPolicy POLICY = StackPolicy.defaults("emails", "reports")
      .withPhaseWindows(Duration.ofMinutes(15), Duration.ofHours(2))
      .withRateLimits(new RateLimits(2, 4, Duration.ofMinutes(2), 0.5, 1, Duration.ofMinutes(5)));

  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

  /** A day-shaped load that reacts to replicas, with data outages now and then in the first half. */
  private static MetricsSnapshot metrics(int step, Instant now, Map<Component, Integer> replicas) {
    double hour = step / 60.0;
    double wave = Math.max(0, Math.sin(Math.PI * hour / 6)); // busy mid-scenario, calm at both ends
    double spike = step % 97 < 4 ? 3 : 1;
    double apiLoad = 40 + 900 * wave * spike; // pod-percent
    double cpu = apiLoad / replicas.get(Component.API);
    MetricsSnapshot.Builder b = MetricsSnapshot.builder()
        .api(Signal.API_P95_MS, 80 + 5 * cpu, now)
        .worker("emails", Signal.QUEUE_DEPTH, 30_000 * wave * spike, now)
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 2000 * wave / replicas.get(Component.worker("emails")), now)
        .worker("reports", Signal.QUEUE_DEPTH, 500 + 4000 * wave, now)
        .worker("reports", Signal.OLDEST_JOB_AGE_SECONDS, 5, now);
    boolean flaky = step < STEPS / 2; // outages only early on: any gap restarts the 2h calm clock
    if (flaky && step % 53 == 7) {
      b.missing(Component.API, Signal.API_CPU_PERCENT, "query failed: timeout");
    } else {
      b.api(Signal.API_CPU_PERCENT, cpu, flaky && step % 89 == 3 ? now.minusSeconds(600) : now);
    }
    return b.build();
  }

  /** Runs the scenario; at {@code restartAt} the state goes through JSON into a brand-new engine. */
  private List<Evaluation> run(int restartAt) throws Exception {
    MutableClock clock = new MutableClock(Harness.T0);
    ScalingEngine engine = new ScalingEngine(clock);
    ScalingState state = ScalingState.initial(Phase.SMALL);
    Map<Component, Integer> replicas = new HashMap<>();
    POLICY.components().forEach(c -> replicas.put(c, 2));
    List<Evaluation> out = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      if (step == restartAt) {
        String saved = json.writeValueAsString(state);
        state = json.readValue(saved, ScalingState.class);
        clock = new MutableClock(clock.instant());
        engine = new ScalingEngine(clock);
      }
      Evaluation e = engine.evaluate(POLICY, metrics(step, clock.instant(), replicas), replicas, state);
      e.decisions().forEach(d -> replicas.put(d.component(), d.to()));
      state = e.nextState();
      out.add(e);
      clock.advance(STEP);
    }
    return out;
  }

  @Test
  void theScenarioExercisesEveryKindOfDecision() throws Exception {
    List<Evaluation> run = run(-1);
    List<ReplicaDecision> all = run.stream().flatMap(e -> e.decisions().stream()).toList();
    assertThat(all).extracting(ReplicaDecision::direction).contains(Direction.UP, Direction.DOWN);
    assertThat(all).extracting(ReplicaDecision::rule)
        .contains(Rules.API_CPU, Rules.API_DOWN, Rules.WORKER_DEPTH, Rules.WORKER_DOWN, Rules.WORKER_WAIT,
            Rules.HOLD_METRICS_MISSING, Rules.HOLD_RATE_LIMIT);
    assertThat(run).anySatisfy(e -> assertThat(e.phaseChange()).hasValueSatisfying(c -> assertThat(c.promotion()).isTrue()));
    assertThat(run).anySatisfy(e -> assertThat(e.phaseChange()).hasValueSatisfying(c -> assertThat(c.promotion()).isFalse()));
  }

  @ParameterizedTest(name = "restart before step {0}")
  @ValueSource(ints = {1, 5, 137, 300, 451, 719})
  void aRestartedOperatorDecidesExactlyLikeAnUninterruptedOne(int restartAt) throws Exception {
    List<Evaluation> uninterrupted = run(-1);
    List<Evaluation> restarted = run(restartAt);
    assertThat(restarted).extracting(Evaluation::decisions).isEqualTo(uninterrupted.stream().map(Evaluation::decisions).toList());
    assertThat(restarted).extracting(Evaluation::phaseChange).isEqualTo(uninterrupted.stream().map(Evaluation::phaseChange).toList());
    assertThat(restarted).isEqualTo(uninterrupted);
  }

  @Test
  void stateSurvivesJsonExactly() throws Exception {
    ScalingState state = run(-1).get(400).nextState();
    String text = json.writeValueAsString(state);
    assertThat(json.readValue(text, ScalingState.class)).isEqualTo(state);
    assertThat(text).contains("\"phase\"", "\"components\"", "\"api\"", "\"worker/emails\"", "\"windows\"",
        "\"recommendations\"");
  }
}
