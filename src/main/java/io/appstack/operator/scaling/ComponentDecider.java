package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.Recommendations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides one component, the HPA's way with the seed's thresholds: target tracking recommends a count each
 * evaluation; the component goes up to the lowest recommendation of the last {@code upFor} once all of it was above
 * the current count, or by one bounded step when a trigger has been exceeded for {@code upFor}; it goes down to the
 * highest recommendation of the last {@code downFor}. A configured signal without a usable value, or a trigger that
 * is exceeded, keeps the recommendation from going below the current count: missing data never shrinks anything and
 * never grows it either.
 */
final class ComponentDecider {

  /** A decision and the state to remember. */
  record Outcome(ReplicaDecision decision, ComponentState state) {}

  /** Far above any bound: a recommendation is kept below it so that it fits an int. */
  static final int MAX_RECOMMENDATION = 1_000_000;

  private final StepLimiter limiter;
  private final double tolerance;
  private final double triggerStep;

  ComponentDecider(StepLimiter limiter, double tolerance, double triggerStep) {
    this.limiter = limiter;
    this.tolerance = tolerance;
    this.triggerStep = triggerStep;
  }

  /**
   * @param forecast the predicted demand when the predictive floor is on and has one, else null: it raises the
   *     recommendation to what the forecast needs, at once, and never lowers anything
   */
  Outcome decide(Component component, int current, Bounds bounds, RuleSet rules, Forecast forecast,
      ComponentState prior, Instant now) {
    long recommended = -1;
    Target leading = null;
    for (Target t : rules.targets()) {
      if (t.reading().healthy()) {
        long r = t.recommend(current, tolerance);
        if (r > recommended) {
          recommended = r;
          leading = t;
        }
      }
    }
    Map<String, Instant> windows = new HashMap<>(4);
    List<Trigger> fired = new ArrayList<>(2);
    boolean exceeded = false;
    for (Trigger g : rules.triggers()) {
      if (g.above()) {
        exceeded = true;
        // A step restarts the window: the next step needs upFor of evidence about the new count.
        Instant since = latest(startOf(prior.windowStart(g.rule()), now), prior.lastScaleUp());
        windows.put(g.rule(), since);
        if (held(since, now, rules.upFor())) {
          fired.add(g);
        }
      }
    }
    if (recommended < 0 || exceeded || rules.anyMissing()) {
      recommended = Math.max(recommended, current);
    }
    Target tracked = rules.targets().isEmpty() ? null : rules.targets().get(0);
    long floor = forecast == null || tracked == null ? 0 : Math.min(tracked.floor(forecast.total()), bounds.max());
    recommended = Math.max(recommended, floor);
    // Not clamped to the bounds: wanting more than the maximum is worth saying (and holding at the ceiling is what
    // the data tier's caching advisory looks for); the step limiter keeps every move inside the bounds.
    int target = (int) Math.min(recommended, MAX_RECOMMENDATION);
    Recommendations history = prior.recommendations().record(target, current, now);

    ReplicaDecision decision;
    String rule = leading != null ? leading.rule() : rules.downRule();
    if (!bounds.contains(current)) {
      decision = intoRange(component, current, bounds, rules, prior, now);
    } else if (floor > current) {
      // A forecast is not a measurement to sustain: the pods must be started now to be ready for the peak.
      decision = up(component, current, bounds, floor, rules.predictedRule(), rules, prior, now,
          "predicted " + tracked.forecastText(forecast.total()) + " at " + Fmt.time(forecast.at()) + " from the last "
              + forecast.weeks() + (forecast.weeks() == 1 ? " week" : " weeks") + " → " + floor + " at the target of "
              + Fmt.num(tracked.target()) + tracked.unit());
    } else if (current == 0 && target > 0) {
      // A pool scaled to zero wakes at once: no window, a job is waiting.
      decision = up(component, current, bounds, target, rule, rules, prior, now, "a job is waiting");
    } else {
      Optional<Integer> upTo = history.upTo(now, rules.upFor());
      long step = fired.isEmpty() ? current : current + Math.max(1, Fmt.ceil(current * triggerStep));
      if (!fired.isEmpty() && step >= upTo.orElse(0)) {
        decision = up(component, current, bounds, step, fired.get(0).rule(), rules, prior, now,
            triggerText(fired, rules.upFor()) + ": +" + Fmt.num(100 * triggerStep) + "%");
      } else if (upTo.isPresent()) {
        decision = up(component, current, bounds, upTo.get(), rule, rules, prior, now, targetText(rules, current)
            + " wants " + upTo.get() + forText(rules.upFor()));
      } else {
        Optional<Integer> downTo = history.downTo(now, rules.downFor());
        decision = downTo.isPresent()
            ? down(component, current, bounds, downTo.get(), rules, prior, now)
            : hold(component, current, target, history, windows, rules, now);
      }
    }
    if (decision.direction() == Direction.UP) {
      // The evidence was about the old count: a trigger still exceeded starts its window again from this step.
      windows.replaceAll((trigger, since) -> now);
    }
    ComponentState state = new ComponentState(windows, history,
        decision.direction() == Direction.UP ? now : prior.lastScaleUp(),
        decision.direction() == Direction.DOWN ? now : prior.lastScaleDown());
    return new Outcome(decision, state);
  }

  private ReplicaDecision up(Component component, int current, Bounds bounds, long wanted, String rule,
      RuleSet rules, ComponentState prior, Instant now, String why) {
    StepLimiter.Step step = limiter.up(current, wanted, bounds, prior.lastScaleUp(), now);
    String reason = why + missingClauses(rules) + note(step);
    return step.to() == current
        ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current)
            + reason)
        : ReplicaDecision.scale(component, current, step.to(), rule, rules.observed(),
            moved(component, current, step.to()) + reason);
  }

  private ReplicaDecision down(Component component, int current, Bounds bounds, int wanted, RuleSet rules,
      ComponentState prior, Instant now) {
    StepLimiter.Step step = limiter.down(current, wanted, bounds, prior.lastScaleDown(), now);
    String why = targetText(rules, current) + "; the highest recommendation of the last "
        + Fmt.duration(rules.downFor()) + " is " + wanted + note(step);
    return step.to() == current
        ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current) + why)
        : ReplicaDecision.scale(component, current, step.to(), rules.downRule(), rules.observed(),
            moved(component, current, step.to()) + why);
  }

  private ReplicaDecision intoRange(Component component, int current, Bounds bounds, RuleSet rules,
      ComponentState prior, Instant now) {
    StepLimiter.Step step = limiter.intoRange(current, bounds, prior.lastScaleUp(), prior.lastScaleDown(), now);
    String why = "outside its range " + bounds + note(step);
    return step.to() == current
        ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current) + why)
        : ReplicaDecision.scale(component, current, step.to(), Rules.BOUNDS, rules.observed(),
            moved(component, current, step.to()) + why);
  }

  private static ReplicaDecision hold(Component component, int current, int target, Recommendations history,
      Map<String, Instant> windows, RuleSet rules, Instant now) {
    StringBuilder why = new StringBuilder(targetText(rules, current));
    for (Trigger g : rules.triggers()) {
      if (g.reading().healthy()) {
        why.append(why.length() == 0 ? "" : ", ").append(g.above()
            ? g.aboveText() + progress(windows.get(g.rule()), now, rules.upFor()) : g.withinText());
      }
    }
    if (target > current && history.upSince() != null) {
      why.append("; wants ").append(target).append(progress(history.upSince(), now, rules.upFor()));
    } else if (target < current && history.downSince() != null) {
      why.append("; wants ").append(target).append(progress(history.downSince(), now, rules.downFor()));
    }
    why.append(missingClauses(rules));
    String rule = rules.anyMissing() ? Rules.HOLD_METRICS_MISSING : Rules.HOLD;
    return ReplicaDecision.noChange(component, current, rule, rules.observed(), holds(component, current)
        + (why.length() > 0 && why.charAt(0) == ';' ? why.substring(2) : why));
  }

  private static String targetText(RuleSet rules, int current) {
    StringBuilder sb = new StringBuilder();
    for (Target t : rules.targets()) {
      if (t.reading().healthy()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(t.text(current));
      }
    }
    return sb.toString();
  }

  private static String triggerText(List<Trigger> fired, Duration upFor) {
    StringBuilder sb = new StringBuilder();
    for (Trigger g : fired) {
      sb.append(sb.length() == 0 ? "" : ", ").append(g.aboveText());
    }
    return sb.append(forText(upFor)).toString();
  }

  private static String missingClauses(RuleSet rules) {
    StringBuilder sb = new StringBuilder();
    for (Target t : rules.targets()) {
      if (!t.reading().healthy()) {
        sb.append("; ").append(t.missingText());
      }
    }
    for (Trigger g : rules.triggers()) {
      if (!g.reading().healthy()) {
        sb.append("; ").append(g.missingText());
      }
    }
    return sb.toString();
  }

  private static String note(StepLimiter.Step step) {
    return step.note() == null ? "" : "; " + step.note();
  }

  private static String forText(Duration window) {
    return window.isZero() ? "" : " for " + Fmt.duration(window);
  }

  private static String progress(Instant since, Instant now, Duration window) {
    return since == null ? "" : " for " + Fmt.duration(Duration.between(since, now)) + " of " + Fmt.duration(window);
  }

  private static String moved(Component component, int from, int to) {
    return component.label() + ' ' + from + '→' + to + ": ";
  }

  private static String holds(Component component, int current) {
    return component.label() + " holds at " + current + ": ";
  }

  private static Instant startOf(Instant priorStart, Instant now) {
    return priorStart != null ? priorStart : now;
  }

  private static Instant latest(Instant a, Instant b) {
    return b != null && b.isAfter(a) ? b : a;
  }

  // The window is satisfied once the condition has held for at least the window (5m fires at 5m).
  static boolean held(Instant since, Instant now, Duration window) {
    return !since.plus(window).isAfter(now);
  }
}
