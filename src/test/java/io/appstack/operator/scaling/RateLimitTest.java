package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitTest {

  private static final Instant NOW = Harness.T0;
  private static final Bounds WIDE = new Bounds(1, 100);
  private final StepLimiter limiter = new StepLimiter(RateLimits.defaults());

  @ParameterizedTest(name = "up {0} wanting {1} → {2}")
  @CsvSource({
      "1, 10, 5",   // +4 beats ×2
      "2, 10, 6",   // +4 beats ×2
      "4, 20, 8",   // equal
      "5, 20, 10",  // ×2 beats +4
      "10, 50, 20", // ×2
      "3, 5, 5",    // within the limit: as wanted
  })
  void upIsAtMostDoubleOrPlusFourWhicheverIsLarger(int current, long wanted, int to) {
    assertThat(limiter.up(current, wanted, WIDE, null, NOW).to()).isEqualTo(to);
  }

  @ParameterizedTest(name = "down {0} wanting {1} → {2}")
  @CsvSource({
      "20, 1, 15", // −25%
      "10, 1, 8",  // −25% of 10 is 2.5: keep ceil(7.5) = 8
      "8, 1, 6",
      "4, 1, 3",   // −25% = 1 pod
      "3, 1, 2",   // −25% < 1 pod: still 1 pod
      "2, 1, 1",
      "10, 9, 9",  // within the limit: as wanted
  })
  void downIsAtMostAQuarterButAtLeastOnePod(int current, long wanted, int to) {
    assertThat(limiter.down(current, wanted, WIDE, null, NOW).to()).isEqualTo(to);
  }

  @ParameterizedTest(name = "last up {0}s ago → allowed {1}")
  @CsvSource({"1, false", "59, false", "60, true", "600, true"})
  void oneUpStepPerMinute(long secondsAgo, boolean allowed) {
    StepLimiter.Step step = limiter.up(4, 8, WIDE, NOW.minusSeconds(secondsAgo), NOW);
    assertThat(step.to() > 4).isEqualTo(allowed);
    if (!allowed) {
      assertThat(step.holdRule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    }
  }

  @ParameterizedTest(name = "last down {0}s ago → allowed {1}")
  @CsvSource({"1, false", "119, false", "120, true", "600, true"})
  void oneDownStepPerTwoMinutes(long secondsAgo, boolean allowed) {
    StepLimiter.Step step = limiter.down(8, 2, WIDE, NOW.minusSeconds(secondsAgo), NOW);
    assertThat(step.to() < 8).isEqualTo(allowed);
    if (!allowed) {
      assertThat(step.holdRule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    }
  }

  @Test
  void clampsToTheRangeAfterRateLimiting() {
    Bounds range = new Bounds(3, 5);
    assertThat(limiter.up(4, 40, range, null, NOW).to()).isEqualTo(5);
    assertThat(limiter.up(5, 40, range, null, NOW).holdRule()).isEqualTo(Rules.HOLD_CEILING);
    assertThat(limiter.down(4, 1, range, null, NOW).to()).isEqualTo(3);
    assertThat(limiter.down(3, 1, range, null, NOW).holdRule()).isEqualTo(Rules.HOLD_FLOOR);
  }

  @Test
  void engineSpacesStepsByThePeriods() {
    Component emails = Component.worker("emails");
    StackPolicy policy = StackPolicy.defaults("emails")
        .withWorker(WorkerPolicy.defaults("emails").withBounds(2, 50))
        .pinnedTo(Phase.LARGE);
    Harness h = new Harness(policy, Phase.LARGE).set(emails, 2);
    Harness.Snap busy = snap().api(50, 300).worker("emails", 100_000, 0);

    assertThat(h.tick(busy).decision(emails).to()).isEqualTo(6);
    ReplicaDecision held = h.tickAfter(Duration.ofSeconds(59), busy).decision(emails);
    assertThat(held.rule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    assertThat(held.reason()).isEqualTo(
        "worker emails holds at 6: depth/worker 16666.67 > 1000; last scale-up 59s ago, one step per 1m");
    assertThat(h.tickAfter(Duration.ofSeconds(1), busy).decision(emails).to()).isEqualTo(12);
    assertThat(h.tickAfter(Duration.ofSeconds(60), busy).decision(emails).to()).isEqualTo(24);

    Harness.Snap idle = snap().api(50, 300).worker("emails", 0, 0);
    h.tickAfter(Duration.ofSeconds(30), idle);
    assertThat(h.hold(Duration.ofMinutes(10), Duration.ofSeconds(30), idle).decision(emails).to()).isEqualTo(18);
    assertThat(h.tickAfter(Duration.ofSeconds(119), idle).decision(emails).rule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    assertThat(h.tickAfter(Duration.ofSeconds(1), idle).decision(emails).to()).isEqualTo(14);
  }
}
