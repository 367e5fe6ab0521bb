package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Target tracking, the HPA replica calculator's way with the seed's targets: the recommendation, its tolerance band,
 * and the two windows (up to the lowest recommendation of upFor, down to the highest of downFor).
 */
class TargetTrackingTest {
  static final Component EMAILS = Component.worker("emails");
  static final Duration POLL = Duration.ofSeconds(15);

  @ParameterizedTest(name = "{0} pods at cpu {1}% → {2}")
  @CsvSource({
      "4, 70,  4",   // at the target
      "4, 76,  4",   // within +10%: no change
      "4, 64,  4",   // within −10%
      "4, 78,  5",   // ⌈4 × 78 / 70⌉ = ⌈4.46⌉
      "4, 140, 8",
      "4, 35,  2",   // ⌈4 × 35 / 70⌉ = 2
      "10, 7,  1",   // below the minimum: the step limiter keeps the bounds, not the recommendation
  })
  void theApiRecommendation(int pods, double cpu, long expected) {
    Target t = new Target(Rules.API_CPU, Reading.ok(Signal.API_CPU_PERCENT, cpu), "cpu", "%", 70, true, -1);
    assertThat(t.recommend(pods, 0.1)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "basis {0} pods, now {1}, cpu {2}% → {3}")
  @CsvSource({
      "4, 8, 100, 6",   // the figure was over 4 pods: 400% of a pod's request is ⌈400 / 70⌉ = 6, not ⌈8 × 100 / 70⌉
      "8, 8, 100, 12",
      "4, 4, 100, 6",
  })
  void aCpuFigureCountsOverThePodsItWasTakenOver(int basis, int current, double cpu, long expected) {
    Target t = new Target(Rules.API_CPU, Reading.ok(Signal.API_CPU_PERCENT, cpu), "cpu", "%", 70, true, basis);
    assertThat(t.recommend(current, 0.1)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} workers, depth {1} → {2}")
  @CsvSource({
      "2, 2000, 2",
      "2, 2150, 2",    // within 10% of 2 × 1,000
      "2, 2300, 3",
      "5, 12000, 12",
      "5, 100, 1",
      "0, 0, 0",       // an empty pool at zero stays there
      "0, 1, 1",       // one job wakes it
  })
  void aPoolsRecommendation(int workers, double depth, long expected) {
    Target t = new Target(Rules.WORKER_DEPTH, Reading.ok(Signal.QUEUE_DEPTH, depth), "depth/worker", "", 1000, false,
        -1);
    assertThat(t.recommend(workers, 0.1)).isEqualTo(expected);
  }

  @Test
  void upOnlyOnceTheWholeUpWindowWantedMoreAndToItsLowestRecommendation() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 4);
    h.tick(snap().api(105, 100).worker("emails", 0, 0));              // wants 6
    assertThat(h.decision(Component.API).changes()).isFalse();
    assertThat(h.decision(Component.API).reason()).contains("wants 6 for 0s of 1m");
    h.tickAfter(POLL, snap().api(88, 100).worker("emails", 0, 0));    // wants 6 (⌈5.03⌉)
    h.tickAfter(POLL, snap().api(120, 100).worker("emails", 0, 0));   // wants 7
    h.tickAfter(POLL, snap().api(140, 100).worker("emails", 0, 0));   // wants 8
    assertThat(h.decision(Component.API).changes()).as("45s of the 1m window").isFalse();
    h.tickAfter(POLL, snap().api(140, 100).worker("emails", 0, 0));
    ReplicaDecision up = h.decision(Component.API);
    assertThat(up.from()).isEqualTo(4);
    assertThat(up.to()).as("the lowest recommendation of the last minute").isEqualTo(6);
    assertThat(up.rule()).isEqualTo(Rules.API_CPU);
    assertThat(up.reason()).isEqualTo("api 4→6: cpu 140% (target 70%) wants 6 for 1m");
  }

  @Test
  void aDipBelowTheCurrentCountRestartsTheUpWindow() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 4);
    h.tick(snap().api(105, 100).worker("emails", 0, 0));
    h.hold(Duration.ofSeconds(45), POLL, snap().api(105, 100).worker("emails", 0, 0));
    h.tickAfter(POLL, snap().api(70, 100).worker("emails", 0, 0));   // 1m: within the band, wants 4
    h.hold(Duration.ofSeconds(60), POLL, snap().api(105, 100).worker("emails", 0, 0)); // wants 6 again from 1m15s
    assertThat(h.replicas(Component.API)).isEqualTo(4);
    h.tickAfter(POLL, snap().api(105, 100).worker("emails", 0, 0));  // 2m15s: a whole minute since 1m15s
    assertThat(h.replicas(Component.API)).isEqualTo(6);
  }

  @Test
  void downToTheHighestRecommendationOfTheDownWindow() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 10);
    // Recommendations 3, then 5 at 1m, then 3 again: after 5m from the start the highest of the window is 5.
    h.tick(snap().api(21, 100).worker("emails", 0, 0));                               // ⌈10 × 21 / 70⌉ = 3
    h.hold(Duration.ofMinutes(1), POLL, snap().api(21, 100).worker("emails", 0, 0));
    h.tickAfter(POLL, snap().api(35, 100).worker("emails", 0, 0));                    // 5
    h.hold(Duration.ofMinutes(3).plusSeconds(30), POLL, snap().api(21, 100).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).as("4m45s: not yet").isEqualTo(10);
    h.tickAfter(POLL, snap().api(21, 100).worker("emails", 0, 0));
    ReplicaDecision down = h.decision(Component.API);
    assertThat(down.to()).isEqualTo(5);
    assertThat(down.rule()).isEqualTo(Rules.API_DOWN);
    assertThat(down.reason()).isEqualTo("api 10→5: cpu 21% (target 70%); the highest recommendation of the last 5m "
        + "is 5");
    // The 3s since 1m30s fill the window only at 6m30s (and a step may come only a minute after the last).
    h.hold(Duration.ofSeconds(45), POLL, snap().api(42, 100).worker("emails", 0, 0));  // ⌈5 × 42 / 70⌉ = 3
    assertThat(h.replicas(Component.API)).isEqualTo(5);
  }

  @Test
  void aPoolScalesUpAtOnceByDefault() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.tick(snap().api(70, 100).worker("emails", 7_500, 5));
    ReplicaDecision up = h.decision(EMAILS);
    assertThat(up.to()).isEqualTo(6); // wants 8; max(×2, +4) from 2 is 6
    assertThat(up.reason()).startsWith("worker emails 2→6: depth/worker 3750 (target 1000) wants 8")
        .contains("rate limit allows 6");
  }
}
