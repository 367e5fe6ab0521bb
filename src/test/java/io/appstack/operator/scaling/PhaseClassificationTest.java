package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The phase follows the replicas: promoted after a component has run above the phase's range for 10m, demoted after
 * everything has fit the smaller phase's range for 6h, one phase at a time; it never sets a count.
 */
class PhaseClassificationTest {
  static final Component EMAILS = Component.worker("emails");
  static final Duration POLL = Duration.ofSeconds(15);

  @Test
  void promotedAfterTenMinutesAboveTheRangeAndTheCountsAreNotTouched() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 4); // above Small's 2–3 in Auto: allowed, the bounds are 2–20
    h.tick(snap().api(70, 100).worker("emails", 0, 0));
    assertThat(h.last.phaseChange()).isEmpty();
    assertThat(h.replicas(Component.API)).isEqualTo(4);
    h.hold(Duration.ofMinutes(9).plusSeconds(45), POLL, snap().api(70, 100).worker("emails", 2000, 0));
    assertThat(h.state.phase()).isEqualTo(Phase.SMALL);
    Evaluation e = h.tickAfter(POLL, snap().api(70, 100).worker("emails", 2000, 0));
    assertThat(e.phaseChange()).hasValueSatisfying(c -> {
      assertThat(c.from()).isEqualTo(Phase.SMALL);
      assertThat(c.to()).isEqualTo(Phase.MEDIUM);
      assertThat(c.reason()).isEqualTo("api at 4, above Small's 3 for 10m");
    });
    assertThat(h.replicas(Component.API)).isEqualTo(4);
    assertThat(e.decision(Component.API).changes()).isFalse();
  }

  @Test
  void oneEvaluationAboveTheRangeIsNotEnoughAndTheClockRestarts() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 4);
    h.tick(snap().api(70, 100).worker("emails", 2000, 0));
    h.hold(Duration.ofMinutes(5), POLL, snap().api(70, 100).worker("emails", 2000, 0));
    h.set(Component.API, 3); // back in range (scaled down by hand, say)
    h.tickAfter(POLL, snap().api(70, 100).worker("emails", 2000, 0));
    assertThat(h.state.pressureSince()).isNull();
    h.set(Component.API, 4);
    h.hold(Duration.ofMinutes(9), POLL, snap().api(70, 100).worker("emails", 2000, 0));
    assertThat(h.state.phase()).isEqualTo(Phase.SMALL);
  }

  @Test
  void demotedAfterSixHoursOfFittingTheSmallerRangeOnePhaseAtATime() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.LARGE);
    h.set(Component.API, 3).set(EMAILS, 3);
    h.tick(snap().api(70, 100).worker("emails", 3000, 0));
    Duration step = Duration.ofMinutes(5);
    h.hold(Duration.ofHours(6).minus(step), step, snap().api(70, 100).worker("emails", 3000, 0));
    assertThat(h.state.phase()).isEqualTo(Phase.LARGE);
    Evaluation e = h.tickAfter(step, snap().api(70, 100).worker("emails", 3000, 0));
    assertThat(e.phaseChange()).hasValueSatisfying(c -> {
      assertThat(c.to()).isEqualTo(Phase.MEDIUM);
      assertThat(c.reason()).isEqualTo("every component has fit Medium's range for 6h");
    });
    h.hold(Duration.ofHours(6).minus(step), step, snap().api(70, 100).worker("emails", 3000, 0));
    assertThat(h.state.phase()).as("Small needs its own 6h").isEqualTo(Phase.MEDIUM);
  }

  @Test
  void usersPastThePhaseThresholdPromoteAndUnusableUsersNeverDemote() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.tick(snap().api(70, 100).worker("emails", 0, 0).users(5_000));
    h.hold(Duration.ofMinutes(10), POLL, snap().api(70, 100).worker("emails", 0, 0).users(5_000));
    assertThat(h.state.phase()).isEqualTo(Phase.MEDIUM);
    assertThat(h.last.phaseChange()).hasValueSatisfying(c -> assertThat(c.reason()).startsWith("users 5000 ≥ 1000"));

    Harness medium = new Harness(StackPolicy.defaults("emails"), Phase.MEDIUM);
    MetricsSnapshot noUsers = MetricsSnapshot.builder().api(Signal.API_CPU_PERCENT, 70, Harness.T0)
        .api(Signal.API_P95_MS, 100, Harness.T0).worker("emails", Signal.QUEUE_DEPTH, 0, Harness.T0)
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 0, Harness.T0).usersMissing("no data").build();
    for (int i = 0; i < 80; i++) {
      medium.tick(noUsers);
      medium.clock.advance(Duration.ofMinutes(5));
    }
    assertThat(medium.state.phase()).isEqualTo(Phase.MEDIUM);
  }

  @Test
  void aPinnedPhasesRangeIsTheBoundsAndItNeverMoves() {
    Harness h = new Harness(StackPolicy.defaults("emails").pinnedTo(Phase.MEDIUM), Phase.MEDIUM);
    assertThat(h.replicas(Component.API)).isEqualTo(3);
    h.tick(snap().api(300, 100).worker("emails", 40_000, 0));
    h.hold(Duration.ofMinutes(30), POLL, snap().api(300, 100).worker("emails", 40_000, 0));
    assertThat(h.replicas(Component.API)).isEqualTo(5);
    assertThat(h.replicas(EMAILS)).isEqualTo(5);
    assertThat(h.state.phase()).isEqualTo(Phase.MEDIUM);
    assertThat(h.decision(Component.API).rule()).isEqualTo(Rules.HOLD_CEILING);
  }
}
