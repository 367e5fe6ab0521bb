package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.api.status.ComponentsStatus;
import io.appstack.operator.api.status.ScalingStatus;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restarted operator knows only what status holds. An operator stopped at any step and started again
 * from the status it wrote (through JSON, as the API server stores it) decides exactly what an operator
 * that never stopped decides, at the same moments.
 */
class ScalingMemoryTest {
  static final Instant START = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final Duration POLL = Duration.ofSeconds(15);
  static final int STEPS = 200; // 50 minutes

  static final AppStack STACK = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1"))
      .withWorkers(List.of(WorkerSpec.of("emails", "a/w:1", "emails"))));

  /** Load that rises, holds, falls and spikes: windows open, fire, reset; the phase gets promoted. */
  static MetricsSnapshot metrics(int step, Instant now) {
    double cpu = step < 40 ? 40 : step < 120 ? 95 : step < 160 ? 15 : 75;
    double p95 = step < 40 ? 250 : step < 120 ? 700 : step < 160 ? 90 : 450;
    double depth = step < 60 ? 300 : step < 130 ? 9_000 : 20;
    var builder = MetricsSnapshot.builder()
        .api(Signal.API_CPU_PERCENT, cpu, now)
        .worker("emails", Signal.QUEUE_DEPTH, depth, now)
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, depth > 1000 ? 90 : 3, now);
    return step % 37 == 5 ? builder.missing(Component.API, Signal.API_P95_MS, "timeout").build()
        : builder.api(Signal.API_P95_MS, p95, now).build();
  }

  static List<String> run(int restartAt) {
    var policy = SpecPolicies.from(STACK.getSpec());
    List<String> log = new ArrayList<>();
    AppStackStatus status = null;
    ScalingState state = ScalingState.initial(Phase.SMALL);
    Map<Component, Integer> replicas = Map.of(Component.API, 2, Component.worker("emails"), 2);
    for (int step = 0; step < STEPS; step++) {
      Instant now = START.plus(POLL.multipliedBy(step));
      if (step >= restartAt) {
        // The restarted operator: state and replicas come from the status JSON only.
        AppStack stored = Serialization.unmarshal(Serialization.asJson(withStatus(status)), AppStack.class);
        state = ScalingMemory.read(stored.getStatus(), Phase.SMALL);
        replicas = StatusStateStore.currentReplicas(stored, policy, state.phase());
      }
      Evaluation evaluation = new ScalingEngine(Clock.fixed(now, ZoneId.of("UTC")))
          .evaluate(policy, metrics(step, now), replicas, state);
      for (ReplicaDecision d : evaluation.decisions()) {
        log.add(now + " " + d.component().key() + " " + d.from() + "→" + d.to() + " " + d.rule());
      }
      evaluation.phaseChange().ifPresent(c -> log.add(now + " " + c.describe()));
      state = evaluation.nextState();
      replicas = Map.of(Component.API, evaluation.decision(Component.API).to(),
          Component.worker("emails"), evaluation.decision(Component.worker("emails")).to());
      ScalingStatus scaling = ScalingMemory.write(evaluation, status == null ? null : status.scaling());
      status = new AppStackStatus(1L, evaluation.phase().label(), null, null, new ComponentsStatus(
          new ComponentStatus(null, replicas.get(Component.API), null, null, null),
          List.of(new ComponentStatus("emails", replicas.get(Component.worker("emails")), null, null, null)),
          null, null, null, null), scaling, null, null);
    }
    return log;
  }

  static AppStack withStatus(AppStackStatus status) {
    AppStack copy = new AppStack("ns", "s", STACK.getSpec());
    copy.setStatus(status);
    return copy;
  }

  @ParameterizedTest(name = "restarted from status at every step from {0}")
  @ValueSource(ints = {1, 17, 45, 100, 150})
  void restartedOperatorDecidesLikeOneThatNeverStopped(int restartAt) {
    assertThat(run(restartAt)).containsExactlyElementsOf(run(Integer.MAX_VALUE));
  }

  @Test
  void theScenarioExercisesWindowsScalingAndPhases() {
    List<String> log = run(Integer.MAX_VALUE);
    assertThat(log).anyMatch(l -> l.contains("api 2→3") || l.contains("api 2→"));
    assertThat(log).anyMatch(l -> l.contains("phase Small→Medium"));
    assertThat(log).anyMatch(l -> l.contains("worker/emails") && l.contains("worker.depth"));
  }

  @org.junit.jupiter.api.Test
  void aPhaseNoOperatorWroteOrTimesThatDoNotParseAreForgottenNotThrown() {
    var scaling = new io.appstack.operator.api.status.ScalingStatus(
        List.of(new io.appstack.operator.api.status.ScalingStatus.WindowStatus("api", "cpu-up", "yesterday"),
            new io.appstack.operator.api.status.ScalingStatus.WindowStatus("api", "p95-up", "2026-12-01T00:00:00Z")),
        List.of(new io.appstack.operator.api.status.ScalingStatus.ScaleTimes("api", "soon", null)), List.of(), "later", null,
        List.of());
    AppStackStatus unknownPhase = new AppStackStatus(1L, "Galactic", null, null, null, scaling, null, null);
    assertThat(ScalingMemory.read(unknownPhase, Phase.SMALL)).isEqualTo(ScalingState.initial(Phase.SMALL));

    AppStackStatus garbledTimes = new AppStackStatus(1L, "Medium", null, null, null, scaling, null, null);
    ScalingState read = ScalingMemory.read(garbledTimes, Phase.SMALL);
    assertThat(read.phase()).isEqualTo(Phase.MEDIUM);
    assertThat(read.pressureSince()).isNull();
    assertThat(read.component("api").windows()).containsOnlyKeys("p95-up");
    assertThat(read.component("api").lastScaleUp()).isNull();
  }

  @org.junit.jupiter.api.Test
  void whatTheMemoryWillNotTakeIsNamedForAWarningEvent() {
    java.time.Instant now = java.time.Instant.parse("2026-12-02T12:00:00Z");
    var future = new io.appstack.operator.api.status.ScalingStatus(
        List.of(new io.appstack.operator.api.status.ScalingStatus.WindowStatus("api", "cpu-up", "2099-01-01T00:00:00Z"),
            new io.appstack.operator.api.status.ScalingStatus.WindowStatus("api", "p95-up", "2026-12-02T12:00:30Z")),
        List.of(new io.appstack.operator.api.status.ScalingStatus.ScaleTimes("api", "soon", null)), List.of(), null, null,
        List.of());
    assertThat(ScalingMemory.distrusted(new AppStackStatus(1L, "Galactic", null, null, null, future, null, null), now))
        .hasValueSatisfying(m -> assertThat(m).contains("'Galactic' is no phase", "2099-01-01T00:00:00Z is in the future",
            "'soon' is not a time").doesNotContain("12:00:30"));
    var whole = new io.appstack.operator.api.status.ScalingStatus(
        List.of(new io.appstack.operator.api.status.ScalingStatus.WindowStatus("api", "cpu-up", "2026-12-02T11:59:00Z")),
        List.of(), List.of(), null, null, List.of());
    assertThat(ScalingMemory.distrusted(new AppStackStatus(1L, "Medium", null, null, null, whole, null, null), now))
        .as("a whole memory, and clock skew of seconds between instances, say nothing").isEmpty();
    assertThat(ScalingMemory.distrusted(null, now)).isEmpty();
  }
}
