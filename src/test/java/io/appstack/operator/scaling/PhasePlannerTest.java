package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhasePlannerTest {

  private static final Component EMAILS = Component.worker("emails");
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final Harness.Snap CALM = snap().api(10, 50).worker("emails", 0, 0);

  @Test
  void promotesAfterFifteenMinutesAtTheCeilingUnderPressureNotBefore() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.MEDIUM).set(Component.API, 5);
    Harness.Snap busy = snap().api(90, 300).worker("emails", 0, 0);
    h.tick(busy);
    Evaluation fired = h.hold(Duration.ofMinutes(5), STEP, busy); // the up rule now fires, at max 5
    assertThat(fired.decision(Component.API).rule()).isEqualTo(Rules.HOLD_CEILING);
    assertThat(fired.nextState().pressureSince()).isEqualTo(h.clock.instant());

    Evaluation before = h.hold(Duration.ofMinutes(14).plusSeconds(59), Duration.ofSeconds(59), busy);
    assertThat(before.phaseChange()).isEmpty();
    assertThat(before.phase()).isEqualTo(Phase.MEDIUM);

    Evaluation promoted = h.tickAfter(Duration.ofSeconds(1), busy);
    assertThat(promoted.phaseChange()).hasValueSatisfying(c -> {
      assertThat(c.from()).isEqualTo(Phase.MEDIUM);
      assertThat(c.to()).isEqualTo(Phase.LARGE);
      assertThat(c.describe()).isEqualTo("phase Medium→Large: api at max 5 with cpu 90% > 70% for 15m");
    });
    assertThat(promoted.phase()).isEqualTo(Phase.LARGE);
    assertThat(promoted.nextState().phase()).isEqualTo(Phase.LARGE);
    // Large's range applies in the same evaluation: the up rule can now act (ceil(5 × 90 / 70) = 7).
    assertThat(promoted.decision(Component.API).to()).isEqualTo(7);
    // Workers were at Medium's min 3, below Large's 5: moved into range.
    assertThat(promoted.decision(EMAILS).rule()).isEqualTo(Rules.BOUNDS);
    assertThat(promoted.decision(EMAILS).to()).isEqualTo(5);
  }

  @Test
  void pressureMustBeContinuous() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL).set(EMAILS, 3);
    Harness.Snap busy = snap().api(50, 300).worker("emails", 9000, 0);
    h.tick(busy);
    h.hold(Duration.ofMinutes(10), STEP, busy);
    h.tickAfter(STEP, snap().api(50, 300).worker("emails", 2000, 0)); // pressure gone for one look
    Evaluation restarted = h.tickAfter(STEP, busy);
    assertThat(restarted.nextState().pressureSince()).isEqualTo(h.clock.instant());
    assertThat(h.hold(Duration.ofMinutes(15).minusSeconds(30), STEP, busy).phaseChange()).isEmpty();
    assertThat(h.tickAfter(STEP, busy).phaseChange()).map(PhaseChange::to).hasValue(Phase.MEDIUM);
  }

  @ParameterizedTest(name = "{0} with {1} users → {2}")
  @CsvSource({
      "SMALL, 999, SMALL",
      "SMALL, 1000, MEDIUM",
      "MEDIUM, 9999, MEDIUM",
      "MEDIUM, 10000, LARGE",
      "LARGE, 100000, ENTERPRISE",
      "ENTERPRISE, 10000000, ENTERPRISE",
  })
  void promotesWhenUsersOutgrowThePhase(Phase phase, double users, Phase expected) {
    Harness h = new Harness(StackPolicy.defaults("emails"), phase);
    Harness.Snap snap = snap().api(50, 300).worker("emails", 100, 0).users(users);
    assertThat(h.tick(snap).phaseChange()).as("never at the first reading").isEmpty();
    assertThat(h.hold(Duration.ofMinutes(15), STEP, snap).phase()).isEqualTo(expected);
  }

  @Test
  void usersPromoteOnlyOnceTheyHaveLastedThePromotionWindowAndThenApplyTheNewRange() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    Harness.Snap used = snap().api(50, 300).worker("emails", 100, 0).users(1500);
    h.tick(used);
    assertThat(h.hold(Duration.ofMinutes(14).plusSeconds(30), STEP, used).phase()).isEqualTo(Phase.SMALL);
    Evaluation e = h.tickAfter(STEP, used);
    assertThat(e.phaseChange()).map(PhaseChange::describe)
        .hasValue("phase Small→Medium: users 1500 ≥ 1000 (Small is below 1000) for 15m");
    assertThat(e.decision(Component.API).reason()).isEqualTo("api 2→3: outside Medium range 3–5");
    assertThat(e.decision(EMAILS).to()).isEqualTo(3);
  }

  @Test
  void aRunawayUsersFigureClimbsOnePhasePerWindowNotToEnterpriseAtOnce() {
    // A counter used as usersQuery: far past every threshold from the first reading.
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    Harness.Snap runaway = snap().api(50, 300).worker("emails", 100, 0).users(1e12);
    assertThat(h.hold(Duration.ofMinutes(10), STEP, runaway).phase()).isEqualTo(Phase.SMALL);
    assertThat(h.hold(Duration.ofMinutes(20), STEP, runaway).phase()).isEqualTo(Phase.MEDIUM);
    assertThat(h.hold(Duration.ofMinutes(15), STEP, runaway).phase()).isEqualTo(Phase.LARGE);
  }

  @Test
  void unusableUsersNeverPromoteAndAreReported() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    Evaluation e = h.tick(snap().api(50, 300).worker("emails", 100, 0).users(Double.POSITIVE_INFINITY));
    assertThat(e.phaseChange()).isEmpty();
    assertThat(e.missingSignals()).containsExactly(new MissingSignal("stack", Signal.USERS, "+Inf"));
  }

  @Test
  void demotesOnlyAfterTwentyFourHoursOfCalm() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.MEDIUM);
    h.tick(CALM);
    Evaluation almost = h.hold(Duration.ofHours(24).minusSeconds(1), Duration.ofMinutes(5), CALM);
    assertThat(almost.phase()).isEqualTo(Phase.MEDIUM);
    Evaluation demoted = h.tickAfter(Duration.ofSeconds(1), CALM);
    assertThat(demoted.phaseChange()).map(PhaseChange::describe)
        .hasValue("phase Medium→Small: calm for 24h: no scale-up pressure and every component fits Small");
    assertThat(demoted.nextState().calmSince()).isNull();
  }

  @Test
  void aBurstResetsTheCalm() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.MEDIUM);
    h.tick(CALM);
    h.hold(Duration.ofHours(12), Duration.ofMinutes(5), CALM);
    h.tickAfter(Duration.ofMinutes(5), snap().api(85, 50).worker("emails", 0, 0)); // one busy look
    assertThat(h.hold(Duration.ofHours(24), Duration.ofMinutes(5), CALM).phase()).isEqualTo(Phase.MEDIUM);
    assertThat(h.tickAfter(Duration.ofMinutes(5), CALM).phase()).isEqualTo(Phase.SMALL);
  }

  @Test
  void noDemotionWhileAComponentWouldNotFitTheSmallerPhase() {
    // 20 workers (Enterprise min) with depth 12000: 600/worker is calm-ish, but 12 workers are needed > Large's 10.
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.ENTERPRISE);
    Harness.Snap needs12 = snap().api(40, 100).worker("emails", 12_000, 0);
    h.tick(needs12);
    assertThat(h.hold(Duration.ofHours(30), Duration.ofMinutes(10), needs12).phase()).isEqualTo(Phase.ENTERPRISE);

    Harness.Snap needs8 = snap().api(40, 100).worker("emails", 8_000, 0);
    h.tickAfter(Duration.ofMinutes(10), needs8);
    Evaluation e = h.hold(Duration.ofHours(24), Duration.ofMinutes(10), needs8);
    assertThat(e.phase()).isEqualTo(Phase.LARGE);
    // Into Large's range one rate-limited step at a time (−25% per 2 minutes), not at once.
    assertThat(e.decision(EMAILS).rule()).isEqualTo(Rules.BOUNDS);
    assertThat(e.decision(EMAILS).to()).isEqualTo(15);
    assertThat(h.tickAfter(Duration.ofMinutes(2), needs8).decision(EMAILS).to()).isEqualTo(12);
    assertThat(h.tickAfter(Duration.ofMinutes(2), needs8).decision(EMAILS).to()).isEqualTo(10);
  }

  @Test
  void usersAboveThePhaseFloorBlockDemotion() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.MEDIUM);
    Harness.Snap calmButUsed = snap().api(10, 50).worker("emails", 0, 0).users(2000);
    h.tick(calmButUsed);
    assertThat(h.hold(Duration.ofHours(48), Duration.ofMinutes(10), calmButUsed).phase()).isEqualTo(Phase.MEDIUM);
  }

  @Test
  void aPinnedPhaseNeverMoves() {
    Harness h = new Harness(StackPolicy.defaults("emails").pinnedTo(Phase.MEDIUM), Phase.MEDIUM)
        .set(Component.API, 5);
    Harness.Snap pressure = snap().api(95, 900).worker("emails", 1_000_000, 600).users(5_000_000);
    h.tick(pressure);
    Evaluation e = h.hold(Duration.ofHours(2), STEP, pressure);
    assertThat(e.phase()).isEqualTo(Phase.MEDIUM);
    assertThat(e.nextState().pressureSince()).isNull();

    h.policy = h.policy.pinnedTo(Phase.SMALL);
    h.tickAfter(STEP, CALM);
    assertThat(h.hold(Duration.ofHours(48), Duration.ofMinutes(10), CALM).phase()).isEqualTo(Phase.SMALL);
  }

  @Test
  void pinningADifferentPhaseReportsTheChange() {
    Harness h = new Harness(StackPolicy.defaults("emails").pinnedTo(Phase.LARGE), Phase.SMALL);
    Evaluation e = h.tick(CALM);
    assertThat(e.phaseChange()).map(PhaseChange::describe).hasValue("phase Small→Large: pinned by spec");
    assertThat(e.decision(Component.API).to()).isEqualTo(5);
    assertThat(h.tickAfter(STEP, CALM).phaseChange()).isEmpty();
  }
}
