package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MissingDataTest {

  private static final Component EMAILS = Component.worker("emails");
  private static final Duration STEP = Duration.ofSeconds(30);

  /** Ways a cpu sample can be unusable, and the reason the engine should give. */
  static Stream<Arguments> badCpu() {
    return Stream.of(
        bad("NaN", "NaN", (b, now) -> b.api(Signal.API_CPU_PERCENT, Double.NaN, now)),
        bad("+Inf", "+Inf", (b, now) -> b.api(Signal.API_CPU_PERCENT, Double.POSITIVE_INFINITY, now)),
        bad("-Inf", "-Inf", (b, now) -> b.api(Signal.API_CPU_PERCENT, Double.NEGATIVE_INFINITY, now)),
        bad("negative", "negative (-5)", (b, now) -> b.api(Signal.API_CPU_PERCENT, -5, now)),
        bad("absent", "no data", (b, now) -> { }),
        bad("absent with reason", "query failed: timeout",
            (b, now) -> b.missing(Component.API, Signal.API_CPU_PERCENT, "query failed: timeout")),
        bad("stale", "stale (2m1s old)", (b, now) -> b.api(Signal.API_CPU_PERCENT, 10, now.minusSeconds(121))));
  }

  private static Arguments bad(String name, String reason, BiConsumer<MetricsSnapshot.Builder, Instant> cpu) {
    return Arguments.of(name, reason, cpu);
  }

  private static MetricsSnapshot withCpu(BiConsumer<MetricsSnapshot.Builder, Instant> cpu, double p95, Instant now) {
    MetricsSnapshot.Builder b = MetricsSnapshot.builder().api(Signal.API_P95_MS, p95, now);
    cpu.accept(b, now);
    return b.build();
  }

  private static Harness api(int current) {
    StackPolicy policy = StackPolicy.defaults().withApi(ApiPolicy.defaults().withBounds(1, 20)).pinnedTo(Phase.LARGE);
    return new Harness(policy, Phase.LARGE).set(Component.API, current);
  }

  @ParameterizedTest(name = "{0} cpu holds and is reported")
  @MethodSource("badCpu")
  void unusableCpuHoldsAndIsReported(String name, String reason, BiConsumer<MetricsSnapshot.Builder, Instant> cpu) {
    Harness h = api(8);
    Evaluation e = null;
    for (int i = 0; i <= 40; i++) { // 20 minutes with p95 low: never read cpu as 0 and scale down
      e = h.tick(withCpu(cpu, 100, h.clock.instant()));
      h.clock.advance(STEP);
    }
    ReplicaDecision d = e.decision(Component.API);
    assertThat(h.replicas(Component.API)).isEqualTo(8);
    assertThat(d.rule()).isEqualTo(Rules.HOLD_METRICS_MISSING);
    assertThat(d.reason()).isEqualTo("api holds at 8: cpu missing (" + reason + "), p95 100ms < 200ms");
    assertThat(d.observed()).containsOnlyKeys("p95");
    assertThat(e.missingSignals()).containsExactly(new MissingSignal("api", Signal.API_CPU_PERCENT, reason));
    assertThat(e.metricsAvailable()).isFalse();
    assertThat(e.nextState().component("api").windows()).isEmpty();
  }

  @Test
  void aSampleExactlyAtTheStalenessLimitIsStillFresh() {
    Harness h = api(8);
    Instant now = h.clock.instant();
    MetricsSnapshot m = MetricsSnapshot.builder()
        .api(Signal.API_CPU_PERCENT, 50, now.minusSeconds(120)).api(Signal.API_P95_MS, 300, now).build();
    assertThat(h.tick(m).missingSignals()).isEmpty();
  }

  @Test
  void highCpuMayScaleUpWhileP95IsMissing() {
    Harness h = api(8);
    Harness.Snap cpuOnly = snap().api(90, Double.NaN);
    h.tick(cpuOnly);
    ReplicaDecision d = h.hold(Duration.ofMinutes(5), STEP, cpuOnly).decision(Component.API);
    assertThat(d.to()).isEqualTo(11);
    assertThat(d.rule()).isEqualTo(Rules.API_CPU);
    assertThat(d.reason()).isEqualTo("api 8→11: cpu 90% > 70% for 5m; p95 missing (NaN)");
  }

  @Test
  void lowCpuNeverScalesDownWhileP95IsMissing() {
    Harness h = api(8);
    Harness.Snap cpuOnly = snap().api(5, Double.NaN);
    h.tick(cpuOnly);
    assertThat(h.hold(Duration.ofHours(1), STEP, cpuOnly).decision(Component.API).rule())
        .isEqualTo(Rules.HOLD_METRICS_MISSING);
    assertThat(h.replicas(Component.API)).isEqualTo(8);
  }

  @Test
  void aGapInTheDataRestartsTheWindowsThatNeedIt() {
    Harness h = api(8);
    h.tick(snap().api(20, 100));
    h.hold(Duration.ofMinutes(9), STEP, snap().api(20, 100));
    h.tickAfter(STEP, snap().api(20, Double.NaN)); // calm needs p95: restarts
    assertThat(h.hold(Duration.ofMinutes(10), STEP, snap().api(20, 100)).decision(Component.API)
        .changes()).isFalse();
    assertThat(h.tickAfter(STEP, snap().api(20, 100)).decision(Component.API).rule()).isEqualTo(Rules.API_CALM);
  }

  @Test
  void anUpWindowOfAMissingSignalRestartsButTheOtherKeepsRunning() {
    Harness h = api(8);
    h.tick(snap().api(90, 600));
    h.tickAfter(Duration.ofMinutes(3), snap().api(90, Double.NaN));
    ScalingState s = h.state;
    assertThat(s.component("api").windows()).containsOnlyKeys(Rules.API_CPU);
    assertThat(h.tickAfter(Duration.ofMinutes(2), snap().api(90, 600)).decision(Component.API).rule())
        .isEqualTo(Rules.API_CPU);
  }

  @Test
  void workerWaitMayScaleUpWhileDepthIsMissingButNothingScalesDown() {
    StackPolicy policy = StackPolicy.defaults("emails").pinnedTo(Phase.LARGE);
    Harness h = new Harness(policy, Phase.LARGE).set(EMAILS, 6);
    MetricsSnapshot m = MetricsSnapshot.builder()
        .api(Signal.API_CPU_PERCENT, 50, h.clock.instant()).api(Signal.API_P95_MS, 300, h.clock.instant())
        .missing(EMAILS, Signal.QUEUE_DEPTH, "query failed: 503")
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 90, h.clock.instant()).build();
    Evaluation e = h.tick(m);
    assertThat(e.decision(EMAILS).to()).isEqualTo(9);
    assertThat(e.decision(EMAILS).rule()).isEqualTo(Rules.WORKER_WAIT);
    assertThat(e.missingSignals()).containsExactly(
        new MissingSignal("worker/emails", Signal.QUEUE_DEPTH, "query failed: 503"));

    Harness.Snap waitMissing = snap().api(50, 300).worker("emails", 0, Double.NaN);
    h.tickAfter(STEP, waitMissing);
    assertThat(h.hold(Duration.ofHours(1), STEP, waitMissing).decision(EMAILS).rule())
        .isEqualTo(Rules.HOLD_METRICS_MISSING);
    assertThat(h.replicas(EMAILS)).isEqualTo(9);
  }

  @Test
  void aSignalTheStackHasNoQueryForTakesNoPartButAMissingOneStillBlocks() {
    StackPolicy policy = StackPolicy.defaults("emails").pinnedTo(Phase.LARGE);
    Harness h = new Harness(policy, Phase.LARGE).set(EMAILS, 8);
    Harness.Snap calm = snap().api(50, 300).workerWithoutWait("emails", 0);
    Evaluation first = h.tick(calm);
    assertThat(first.missingSignals()).as("no oldest-job age query: nothing is missing").isEmpty();
    assertThat(first.decision(EMAILS).observed()).doesNotContainKey("wait");
    Evaluation later = h.hold(Duration.ofMinutes(30), STEP, calm);
    assertThat(h.replicas(EMAILS)).as("an empty queue scales the pool down with no wait signal at all")
        .isEqualTo(policy.bounds(EMAILS, Phase.LARGE).min());
    assertThat(later.missingSignals()).isEmpty();

    Harness.Snap busy = snap().api(50, 300).workerWithoutWait("emails", 12_000);
    h.tickAfter(STEP, busy);
    assertThat(h.replicas(EMAILS)).as("depth alone still scales up").isGreaterThan(5);

    // The same pool with a wait query whose answer is missing: it holds, as before.
    Harness.Snap waitMissing = snap().api(50, 300).worker("emails", 0, Double.NaN);
    int before = h.replicas(EMAILS);
    assertThat(h.hold(Duration.ofHours(1), STEP, waitMissing).decision(EMAILS).rule())
        .isEqualTo(Rules.HOLD_METRICS_MISSING);
    assertThat(h.replicas(EMAILS)).isEqualTo(before);
  }

  @Test
  void anEmptySnapshotHoldsEverythingAndReportsEverySignal() {
    Harness h = new Harness(StackPolicy.defaults("emails", "reports"), Phase.MEDIUM);
    Evaluation e = h.tick(MetricsSnapshot.empty());
    assertThat(e.decisions()).allSatisfy(d -> assertThat(d.rule()).isEqualTo(Rules.HOLD_METRICS_MISSING));
    assertThat(e.missingSignals()).hasSize(6);
  }

  @Test
  void pausedFreezesEverything() {
    Harness h = api(8);
    h.policy = h.policy.withPhaseMode(PhaseMode.AUTO);
    h.tick(snap().api(90, 100));
    h.tickAfter(Duration.ofMinutes(4), snap().api(90, 100));
    h.policy = h.policy.withPaused(true).withApi(ApiPolicy.defaults().withBounds(12, 20)); // out of range, too
    Evaluation paused = h.tickAfter(Duration.ofMinutes(2), snap().api(90, 100).users(1_000_000));
    assertThat(paused.decisions()).singleElement().satisfies(d -> {
      assertThat(d.rule()).isEqualTo(Rules.PAUSED);
      assertThat(d.reason()).isEqualTo("api holds at 8: scaling paused");
      assertThat(d.changes()).isFalse();
    });
    assertThat(paused.phase()).isEqualTo(Phase.LARGE);
    assertThat(paused.phaseChange()).isEmpty();
    assertThat(paused.nextState().component("api").windows()).isEmpty();

    // Resuming does not count the paused time: the window restarts.
    h.policy = h.policy.withPaused(false).withApi(ApiPolicy.defaults().withBounds(1, 20)).pinnedTo(Phase.LARGE);
    assertThat(h.tickAfter(STEP, snap().api(90, 100)).decision(Component.API).changes()).isFalse();
    assertThat(h.hold(Duration.ofMinutes(5), STEP, snap().api(90, 100)).decision(Component.API).to()).isEqualTo(11);
  }
}
