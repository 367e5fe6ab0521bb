package io.appstack.operator.scaling;

import java.time.Duration;

import java.util.List;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundsTest {

  @ParameterizedTest(name = "{0} api defaults {1}–{2}, workers {3}–{4}")
  @CsvSource({
      "SMALL, 2, 3, 2, 3",
      "MEDIUM, 3, 5, 3, 5",
      "LARGE, 5, 10, 5, 10",
      "ENTERPRISE, 10, 20, 20, 50",
  })
  void phaseDefaults(Phase phase, int apiMin, int apiMax, int workerMin, int workerMax) {
    StackPolicy policy = StackPolicy.defaults("emails");
    assertThat(policy.bounds(Component.API, phase)).isEqualTo(new Bounds(apiMin, apiMax));
    assertThat(policy.bounds(Component.worker("emails"), phase)).isEqualTo(new Bounds(workerMin, workerMax));
  }

  @ParameterizedTest(name = "{0} {1} override {2}/{3}, global {4}–{5} → {6}–{7}")
  @CsvSource(nullValues = "-", value = {
      // phase,     kind,   min, max, gMin, gMax, → min, max
      "SMALL,       API,    -,   -,   1,    20,   2,  3",
      "ENTERPRISE,  API,    -,   30,  1,    20,   10, 20", // override clamped to the global max
      "SMALL,       API,    0,   -,   1,    20,   1,  3",  // … and to the global min
      "SMALL,       API,    4,   -,   1,    20,   4,  4",  // min override above the phase max wins
      "LARGE,       API,    -,   4,   1,    20,   4,  4",  // max override below the phase min wins
      "MEDIUM,      API,    1,   8,   1,    20,   1,  8",  // both replace the phase default
      "ENTERPRISE,  API,    -,   40,  1,    40,   10, 40", // raised global limit lets the override through
      "SMALL,       WORKER, 1,   -,   2,    50,   2,  3",
      "ENTERPRISE,  WORKER, -,   60,  2,    50,   20, 50",
      "ENTERPRISE,  WORKER, -,   -,   2,    10,   10, 10", // lowered global limit caps the phase default
  })
  void overridesAndGlobalLimits(Phase phase, Component.Kind kind, Integer min, Integer max, int gMin, int gMax,
      int expectedMin, int expectedMax) {
    Bounds global = new Bounds(gMin, gMax);
    StackPolicy policy = StackPolicy.defaults("emails");
    if (kind == Component.Kind.API) {
      policy = policy.withApi(ApiPolicy.defaults().withBounds(min, max))
          .withLimits(new GlobalLimits(global, GlobalLimits.defaults().worker()));
    } else {
      policy = policy.withWorker(WorkerPolicy.defaults("emails").withBounds(min, max))
          .withLimits(new GlobalLimits(GlobalLimits.defaults().api(), global));
    }
    Component c = kind == Component.Kind.API ? Component.API : Component.worker("emails");
    assertThat(policy.bounds(c, phase)).isEqualTo(new Bounds(expectedMin, expectedMax));
  }

  @ParameterizedTest(name = "{0} at {1} → {2}")
  @CsvSource({
      "SMALL, 0, 2",
      "SMALL, 1, 2",
      "MEDIUM, 7, 6",
      "MEDIUM, 40, 30",
      "ENTERPRISE, 3, 7",
  })
  void outOfRangeMovesTowardTheRangeOneRateLimitedStepAtATime(Phase phase, int current, int to) {
    Harness h = new Harness(StackPolicy.defaults().pinnedTo(phase), phase).set(Component.API, current);
    // Even with busy/idle metrics and missing data, the range wins first: up ×2 or +4, down −25% (at least 1).
    ReplicaDecision d = h.tick(snap().api(Double.NaN, 900)).decision(Component.API);
    Bounds range = StackPolicy.defaults().bounds(Component.API, phase);
    assertThat(d.to()).isEqualTo(to);
    assertThat(d.rule()).isEqualTo(Rules.BOUNDS);
    assertThat(d.reason()).isEqualTo("api " + current + "→" + to + ": outside " + phase.label() + " range " + range
        + (range.contains(to) ? "" : "; rate limit allows " + to));
  }

  @Test
  void aCountFarAboveTheRangeComesDownOneStepPerDownPeriod() {
    Harness h = new Harness(StackPolicy.defaults().pinnedTo(Phase.MEDIUM), Phase.MEDIUM).set(Component.API, 20);
    List<Integer> path = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      path.add(h.tickAfter(Duration.ofSeconds(60), snap().api(50, 100)).decision(Component.API).to());
      h.set(Component.API, path.get(path.size() - 1));
    }
    // 120s between steps: every other minute a step of −25%, until the max of 5.
    assertThat(path).containsExactly(15, 15, 12, 12, 9, 9, 7, 7, 6, 6, 5, 5);
  }

  @Test
  void rejectsInvalidPolicies() {
    assertThatThrownBy(() -> ApiPolicy.defaults().withBounds(5, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiPolicy.defaults().withCpu(30, 70)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StackPolicy.defaults("a", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GlobalLimits(new Bounds(0, 20), new Bounds(2, 50)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
