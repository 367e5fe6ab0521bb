package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStackStatus;
import io.appstack.operator.api.ScalingStatus;
import io.appstack.operator.api.ScalingStatus.DecisionRecord;
import io.appstack.operator.api.ScalingStatus.ScaleTimes;
import io.appstack.operator.api.ScalingStatus.WindowStatus;
import io.appstack.operator.scaling.ComponentState;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.ScalingState;
import io.appstack.operator.scaling.SpecPolicies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves the engine's memory between {@link ScalingState} and the AppStack's status, so a restarted
 * operator continues every window where it was. Timestamps keep full precision (RFC 3339 with
 * nanoseconds) so that a restart replays exactly.
 */
final class ScalingMemory {
  private ScalingMemory() {}

  static ScalingState read(AppStackStatus status, Phase initialPhase) {
    if (status == null || status.phase() == null) {
      return ScalingState.initial(initialPhase);
    }
    Phase phase;
    try {
      phase = SpecPolicies.phase(status.phase());
    } catch (IllegalArgumentException unknown) {
      // Status is anyone's to write who may write the subresource: a phase no operator wrote is not memory.
      return ScalingState.initial(initialPhase);
    }
    ScalingStatus scaling = status.scaling();
    if (scaling == null) {
      return ScalingState.initial(phase);
    }
    Map<String, Map<String, Instant>> windows = new HashMap<>();
    for (WindowStatus w : scaling.windows()) {
      Instant since = instant(w.since());
      if (since != null && w.component() != null && w.rule() != null) {
        windows.computeIfAbsent(w.component(), k -> new HashMap<>()).put(w.rule(), since);
      }
    }
    Map<String, ComponentState> components = new HashMap<>();
    for (ScaleTimes t : scaling.lastScale()) {
      components.put(t.component(), new ComponentState(windows.getOrDefault(t.component(), Map.of()),
          instant(t.up()), instant(t.down())));
    }
    windows.forEach((key, w) -> components.putIfAbsent(key, new ComponentState(w, null, null)));
    return new ScalingState(phase, instant(scaling.promotionPressureSince()), instant(scaling.calmSince()),
        components);
  }

  /** Times this far ahead of the clock are not skew between two operator instances' clocks. */
  static final Duration SKEW = Duration.ofMinutes(1);

  /**
   * What {@link #read} and the engine will not take from {@code status} (an unknown phase, a time that is not one,
   * times in the future), in words for a Warning Event; empty when the memory is whole.
   */
  static Optional<String> distrusted(AppStackStatus status, Instant now) {
    if (status == null || status.phase() == null) {
      return Optional.empty();
    }
    // Runs every reconcile: nothing is allocated unless something is wrong.
    List<String> problems = null;
    try {
      SpecPolicies.phase(status.phase());
    } catch (IllegalArgumentException unknown) {
      problems = add(problems, "status.phase '" + status.phase() + "' is no phase (the memory is ignored)");
    }
    ScalingStatus scaling = status.scaling();
    if (scaling != null) {
      for (WindowStatus w : scaling.windows()) {
        problems = checkTime(problems, w.since(), now);
      }
      for (ScaleTimes t : scaling.lastScale()) {
        problems = checkTime(checkTime(problems, t.up(), now), t.down(), now);
      }
      problems = checkTime(checkTime(problems, scaling.promotionPressureSince(), now), scaling.calmSince(), now);
    }
    return problems == null ? Optional.empty() : Optional.of("status was not written by an operator: "
        + String.join("; ", problems) + ". Those parts of the scaling memory are forgotten, not acted on.");
  }

  private static List<String> checkTime(List<String> problems, String time, Instant now) {
    if (time == null) {
      return problems;
    }
    Instant at = instant(time);
    if (at == null) {
      return add(problems, "'" + time + "' is not a time");
    }
    return at.isAfter(now.plus(SKEW)) ? add(problems, time + " is in the future") : problems;
  }

  private static List<String> add(List<String> problems, String problem) {
    List<String> list = problems == null ? new ArrayList<>() : problems;
    list.add(problem);
    return list;
  }

  /** The status form of {@code evaluation.nextState()}, with this evaluation's changes added to the history. */
  static ScalingStatus write(Evaluation evaluation, ScalingStatus previous) {
    ScalingState next = evaluation.nextState();
    List<WindowStatus> windows = new ArrayList<>();
    List<ScaleTimes> times = new ArrayList<>();
    next.components().forEach((key, state) -> {
      state.windows().forEach((rule, since) -> windows.add(new WindowStatus(key, rule, since.toString())));
      if (state.lastScaleUp() != null || state.lastScaleDown() != null) {
        times.add(new ScaleTimes(key, text(state.lastScaleUp()), text(state.lastScaleDown())));
      }
    });
    List<DecisionRecord> recent = new ArrayList<>();
    String at = evaluation.at().toString();
    evaluation.phaseChange().ifPresent(change -> recent.add(new DecisionRecord(at, "stack",
        change.from().label(), change.to().label(), "phase", change.describe())));
    for (ReplicaDecision d : evaluation.decisions()) {
      if (d.changes()) {
        recent.add(new DecisionRecord(at, d.component().key(), String.valueOf(d.from()), String.valueOf(d.to()),
            d.rule(), d.reason()));
      }
    }
    Optional.ofNullable(previous).map(ScalingStatus::recentDecisions).ifPresent(recent::addAll);
    return new ScalingStatus(windows, times, text(next.pressureSince()), text(next.calmSince()),
        recent.subList(0, Math.min(recent.size(), ScalingStatus.MAX_RECENT_DECISIONS)));
  }

  /** The last change per component key, as shown in {@code status.components.*.lastDecision}. */
  static Map<String, String> lastChanges(Evaluation evaluation) {
    Map<String, String> changes = new LinkedHashMap<>();
    for (ReplicaDecision d : evaluation.decisions()) {
      if (d.changes()) {
        changes.put(d.component().key(), d.reason());
      }
    }
    return changes;
  }

  /** A time read back from status; one that does not parse is forgotten rather than failing the reconcile. */
  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
