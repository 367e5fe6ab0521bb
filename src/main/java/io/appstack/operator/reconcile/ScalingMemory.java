package io.appstack.operator.reconcile;

import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ScalingStatus.DecisionRecord;
import io.appstack.operator.api.status.ScalingStatus.RecommendationLevel;
import io.appstack.operator.api.status.ScalingStatus.ScaleTimes;
import io.appstack.operator.api.status.ScalingStatus.WindowStatus;
import io.appstack.operator.api.status.ScalingStatus;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.Recommendations;
import io.appstack.operator.scaling.state.ScalingState;
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
      phase = Phase.fromLabel(status.phase());
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
    Map<String, List<Recommendations.Level>> ups = new HashMap<>();
    Map<String, List<Recommendations.Level>> downs = new HashMap<>();
    for (RecommendationLevel l : scaling.recommendations()) {
      Instant since = instant(l.since());
      if (since != null && l.component() != null && l.replicas() != null && l.replicas() >= 0) {
        Map<String, List<Recommendations.Level>> side = "up".equals(l.direction()) ? ups
            : "down".equals(l.direction()) ? downs : null;
        if (side != null) {
          side.computeIfAbsent(l.component(), k -> new ArrayList<>()).add(new Recommendations.Level(l.replicas(), since));
        }
      }
    }
    java.util.Set<String> keys = new java.util.TreeSet<>(windows.keySet());
    keys.addAll(ups.keySet());
    keys.addAll(downs.keySet());
    scaling.lastScale().forEach(t -> keys.add(t.component()));
    Map<String, ScaleTimes> times = new HashMap<>();
    scaling.lastScale().forEach(t -> times.put(t.component(), t));
    Map<String, ComponentState> components = new HashMap<>();
    for (String key : keys) {
      if (key == null) {
        continue;
      }
      ScaleTimes t = times.get(key);
      components.put(key, new ComponentState(windows.getOrDefault(key, Map.of()),
          Recommendations.of(ups.getOrDefault(key, List.of()), downs.getOrDefault(key, List.of())),
          t == null ? null : instant(t.up()), t == null ? null : instant(t.down())));
    }
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
      Phase.fromLabel(status.phase());
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
      for (RecommendationLevel l : scaling.recommendations()) {
        problems = checkTime(problems, l.since(), now);
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
    List<RecommendationLevel> levels = new ArrayList<>();
    next.components().forEach((key, state) -> {
      state.windows().forEach((rule, since) -> windows.add(new WindowStatus(key, rule, since.toString())));
      state.recommendations().up().forEach(l -> levels.add(new RecommendationLevel(key, "up", l.replicas(),
          l.since().toString())));
      state.recommendations().down().forEach(l -> levels.add(new RecommendationLevel(key, "down", l.replicas(),
          l.since().toString())));
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
    return new ScalingStatus(windows, times, levels, text(next.pressureSince()), text(next.calmSince()),
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
