package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRulesTest {

  private static final Duration STEP = Duration.ofSeconds(30);

  /** Wide bounds so only the rules (and rate limits) shape the result. */
  private static Harness api(int current) {
    StackPolicy policy = StackPolicy.defaults().withApi(ApiPolicy.defaults().withBounds(1, 20)).pinnedTo(Phase.LARGE);
    return new Harness(policy, Phase.LARGE).set(Component.API, current);
  }

  @ParameterizedTest(name = "cpu {0}%, p95 {1}ms for {2} → {3} ({4})")
  @CsvSource(delimiter = '|', textBlock = """
      # cpu  | p95 | held     | to | rule
      70     | 100 | PT5M     | 8  | hold
      70.01  | 100 | PT5M     | 9  | api.cpu
      90     | 100 | PT4M59S  | 8  | hold
      90     | 100 | PT5M     | 11 | api.cpu
      50     | 500 | PT5M     | 8  | hold
      50     | 612 | PT4M59S  | 8  | hold
      50     | 612 | PT5M     | 10 | api.p95
      90     | 900 | PT5M     | 15 | api.p95
      250    | 100 | PT5M     | 16 | api.cpu
      29     | 199 | PT9M59S  | 8  | hold
      29     | 199 | PT10M    | 6  | api.calm
      30     | 100 | PT10M    | 8  | hold
      20     | 200 | PT10M    | 8  | hold
      20     | 300 | PT10M    | 8  | hold
      50     | 100 | PT10M    | 8  | hold
      50     | 300 | PT30M    | 8  | hold
      69.99  | 499 | PT30M    | 8  | hold
      """)
  void apiRules(double cpu, double p95, String held, int to, String rule) {
    Harness h = api(8);
    h.tick(snap().api(cpu, p95));
    ReplicaDecision d = h.hold(Duration.parse(held), STEP, snap().api(cpu, p95)).decision(Component.API);

    assertThat(d.to()).isEqualTo(to);
    assertThat(d.rule()).isEqualTo(rule);
  }

  @ParameterizedTest(name = "tolerance {0}, cpu {1}% at 16 pods → {2}")
  @CsvSource({
      "0.1, 76, 17", // within 10% of the threshold: one pod, not the proportional jump
      "0.0, 76, 18", // no tolerance: ceil(16 × 76 / 70)
      "0.1, 80, 19", // 14% over: proportional
  })
  void toleranceReplacesSmallProportionalStepsWithOnePod(double tolerance, double cpu, int to) {
    Harness h = api(16);
    h.policy = h.policy.withTolerance(tolerance);
    h.tick(snap().api(cpu, 100));
    assertThat(h.hold(Duration.ofMinutes(5), STEP, snap().api(cpu, 100)).decision(Component.API).to()).isEqualTo(to);
  }

  @Test
  void upReasonNamesTheSignalThresholdAndWindow() {
    Harness h = api(4);
    h.tick(snap().api(50, 700));
    ReplicaDecision d = h.hold(Duration.ofMinutes(5), STEP, snap().api(50, 700)).decision(Component.API);

    assertThat(d.reason()).isEqualTo("api 4→6: p95 700ms > 500ms for 5m");
    assertThat(d.direction()).isEqualTo(Direction.UP);
    assertThat(d.observed()).containsEntry("cpu", 50.0).containsEntry("p95", 700.0);
  }

  @Test
  void holdReasonsDescribeTheBandAndRunningWindows() {
    Harness h = api(4);
    assertThat(h.tick(snap().api(55, 300)).decision(Component.API).reason())
        .isEqualTo("api holds at 4: cpu 55% within 30–70%, p95 300ms within 200–500ms");

    h.tick(snap().api(85, 300));
    assertThat(h.tickAfter(Duration.ofMinutes(2), snap().api(85, 300)).decision(Component.API).reason())
        .isEqualTo("api holds at 4: cpu 85% > 70% for 2m of 5m, p95 300ms within 200–500ms");
  }

  @Test
  void downReasonNamesBothCalmConditions() {
    Harness h = api(8);
    h.tick(snap().api(29, 199));
    ReplicaDecision d = h.hold(Duration.ofMinutes(10), STEP, snap().api(29, 199)).decision(Component.API);
    assertThat(d.reason()).isEqualTo("api 8→6: cpu 29% < 30% and p95 199ms < 200ms for 10m; rate limit allows 6 (wanted 4)");
  }

  @Test
  void windowResetsWhenTheConditionStopsHolding() {
    Harness h = api(8);
    h.tick(snap().api(90, 100));
    h.tickAfter(Duration.ofMinutes(3), snap().api(50, 100)); // dip: window resets
    h.tickAfter(Duration.ofMinutes(1), snap().api(90, 100)); // restarts at 4m
    assertThat(h.tickAfter(Duration.ofMinutes(4), snap().api(90, 100)).decision(Component.API).changes()).isFalse();
    assertThat(h.tickAfter(Duration.ofMinutes(1), snap().api(90, 100)).decision(Component.API).to()).isEqualTo(11);
  }

  @Test
  void aCalmWindowIsResetByASingleBusyObservation() {
    Harness h = api(8);
    h.tick(snap().api(20, 100));
    h.hold(Duration.ofMinutes(9), STEP, snap().api(20, 100));
    h.tickAfter(STEP, snap().api(40, 100)); // in the band: not calm any more
    h.tickAfter(STEP, snap().api(20, 100)); // calm restarts here
    assertThat(h.hold(Duration.ofMinutes(10).minusSeconds(30), STEP, snap().api(20, 100)).decision(Component.API)
        .changes()).isFalse();
    assertThat(h.tickAfter(STEP, snap().api(20, 100)).decision(Component.API).rule()).isEqualTo(Rules.API_CALM);
  }

  @Test
  void scaleDownStopsAtTheCountThatWouldFireAnUpRuleAgain() {
    // A fixed total load of 200 pod-percent and a loose down rate limit (−90%): 10 pods see 20%.
    // Going to 2 pods would mean 100% (scale up again); the engine stops at ceil(200 / 70) = 3.
    Harness h = api(10);
    h.policy = h.policy.withRateLimits(new RateLimits(2, 4, Duration.ofSeconds(60), 0.9, 1, Duration.ofSeconds(120)));
    for (int i = 0; i < 120; i++) {
      double cpu = 200.0 / h.replicas(Component.API);
      Evaluation e = h.tickAfter(STEP, snap().api(cpu, 100));
      assertThat(e.decision(Component.API).direction()).isNotEqualTo(Direction.UP);
    }
    assertThat(h.replicas(Component.API)).isEqualTo(3);
  }
}
