package io.appstack.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves an Auto stack one phase at a time: up when users have outgrown the phase, or a component has
 * been pinned at its ceiling under pressure, for the promotion window; down only after the demotion window
 * of complete calm.
 */
final class PhasePlanner {

  /** The phase after planning, the change if any, and the timers to remember. */
  record Plan(Phase phase, PhaseChange change, Instant pressureSince, Instant calmSince) {}

  private final Duration promotionWindow;
  private final Duration demotionWindow;

  PhasePlanner(Duration promotionWindow, Duration demotionWindow) {
    this.promotionWindow = promotionWindow;
    this.demotionWindow = demotionWindow;
  }

  /**
   * @param pressure a component at its ceiling whose up rule fires, or null
   * @param componentsCalm every component settled and fitting the next smaller phase
   * @param users the users reading, or null when the stack does not report users
   */
  Plan plan(Phase phase, ScalingState prior, String pressure, boolean componentsCalm, Reading users, Instant now) {
    Optional<Phase> larger = phase.next();
    Optional<Phase> smaller = phase.previous();

    // Users past the phase are pressure like a component at its ceiling: they promote only once they have
    // lasted the promotion window, one phase at a time (a counter mistaken for a users gauge cannot race a
    // stack to Enterprise).
    String cause = pressure;
    if (larger.isPresent() && users != null && users.healthy() && users.value() >= phase.usersBelow()) {
      cause = "users " + Fmt.num(users.value()) + " ≥ " + Fmt.num(phase.usersBelow()) + " (" + phase.label()
          + " is below " + Fmt.num(phase.usersBelow()) + ")";
    }

    Instant pressureSince = null;
    if (larger.isPresent() && cause != null) {
      pressureSince = prior.pressureSince() != null ? prior.pressureSince() : now;
      if (ComponentDecider.held(pressureSince, now, promotionWindow)) {
        return change(phase, larger.get(), cause + " for " + Fmt.duration(promotionWindow));
      }
    }

    // Unusable users data blocks demotion: missing data must never shrink the stack.
    boolean usersCalm = users == null || (users.healthy() && users.value() < phase.usersFrom());
    Instant calmSince = null;
    if (smaller.isPresent() && componentsCalm && usersCalm) {
      calmSince = prior.calmSince() != null ? prior.calmSince() : now;
      if (ComponentDecider.held(calmSince, now, demotionWindow)) {
        return change(phase, smaller.get(), "calm for " + Fmt.duration(demotionWindow)
            + ": no scale-up pressure and every component fits " + smaller.get().label());
      }
    }
    return new Plan(phase, null, pressureSince, calmSince);
  }

  private static Plan change(Phase from, Phase to, String reason) {
    // Timers restart in the new phase: the evidence was about the old range.
    return new Plan(to, new PhaseChange(from, to, reason), null, null);
  }
}
