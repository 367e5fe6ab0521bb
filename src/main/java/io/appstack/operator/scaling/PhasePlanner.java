package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.state.ScalingState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Classifies an Auto stack's size into a phase, one phase at a time: promoted when a component has run above the
 * phase's range (or the users metric has passed the phase's threshold) for the promotion window, demoted when every
 * component has fit the smaller phase's range (and users its threshold) for the demotion window. The phase drives
 * the data tier's topology; it never sets replica counts.
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
   * @param components the stack's components, in the order of {@code replicas}
   * @param replicas the count each component runs after this evaluation
   * @param users the users reading, or null when the stack does not report users
   * @param anyMissing a configured signal has no usable value: nothing shrinks on missing data, the topology neither
   */
  Plan plan(Phase phase, ScalingState prior, List<Component> components, int[] replicas, Reading users,
      boolean anyMissing, Instant now) {
    Optional<Phase> larger = phase.next();
    Optional<Phase> smaller = phase.previous();

    String cause = null;
    for (int i = 0; i < replicas.length && cause == null; i++) {
      int max = phase.range(components.get(i)).max();
      if (replicas[i] > max) {
        cause = components.get(i).label() + " at " + replicas[i] + ", above " + phase.label() + "'s " + max;
      }
    }
    // Users past the phase are pressure like a component above its range: they promote only once they have lasted
    // the promotion window, one phase at a time (a counter mistaken for a users gauge cannot race to Enterprise).
    if (cause == null && users != null && users.healthy() && users.value() >= phase.usersBelow()) {
      cause = "users " + Fmt.num(users.value()) + " ≥ " + Fmt.num(phase.usersBelow());
    }
    Instant pressureSince = null;
    if (larger.isPresent() && cause != null) {
      pressureSince = prior.pressureSince() != null ? prior.pressureSince() : now;
      if (ComponentDecider.held(pressureSince, now, promotionWindow)) {
        return change(phase, larger.get(), cause + " for " + Fmt.duration(promotionWindow));
      }
    }

    // Unusable data blocks demotion: missing data must never shrink the stack.
    boolean usersFit = users == null || (users.healthy() && users.value() < phase.usersFrom());
    Instant calmSince = null;
    if (smaller.isPresent() && cause == null && usersFit && !anyMissing && fits(smaller.get(), components, replicas)) {
      calmSince = prior.calmSince() != null ? prior.calmSince() : now;
      if (ComponentDecider.held(calmSince, now, demotionWindow)) {
        return change(phase, smaller.get(), "every component has fit " + smaller.get().label() + "'s range for "
            + Fmt.duration(demotionWindow));
      }
    }
    return new Plan(phase, null, pressureSince, calmSince);
  }

  private static boolean fits(Phase phase, List<Component> components, int[] replicas) {
    for (int i = 0; i < replicas.length; i++) {
      if (replicas[i] > phase.range(components.get(i)).max()) {
        return false;
      }
    }
    return true;
  }

  private static Plan change(Phase from, Phase to, String reason) {
    // Timers restart in the new phase: the evidence was about the old one.
    return new Plan(to, new PhaseChange(from, to, reason), null, null);
  }
}
