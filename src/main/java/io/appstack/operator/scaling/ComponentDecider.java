package io.appstack.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one component's {@link RuleSet}: advances or resets its windows, then decides in this
 * order — out of range → bounds; an up rule fired → up; calm fired → down; otherwise hold.
 */
final class ComponentDecider {

  /**
   * A decision plus what the phase planner needs: {@code pressure} describes an up rule firing
   * at the ceiling (null if none); {@code settled} means all signals healthy and none above its
   * up threshold; {@code required} is the smallest count at which no up rule would fire.
   */
  record Outcome(ReplicaDecision decision, ComponentState state, String pressure, boolean settled, long required) {}

  private final StepLimiter limiter;
  private final double tolerance;

  ComponentDecider(StepLimiter limiter, double tolerance) {
    this.limiter = limiter;
    this.tolerance = tolerance;
  }

  Outcome decide(Component component, int current, Bounds bounds, Phase phase, RuleSet rules,
      ComponentState prior, Instant now) {
    Map<String, Instant> windows = new HashMap<>(4);
    List<Gauge> fired = new ArrayList<>(2);
    boolean allHealthy = true;
    boolean upHolding = false;
    boolean allBelow = true;
    long required = 0;
    for (Gauge g : rules.gauges()) {
      if (!g.reading().healthy()) {
        allHealthy = false; // its window is not carried over: missing data resets it
        continue;
      }
      required = Math.max(required, g.required());
      if (g.above()) {
        upHolding = true;
        Instant since = startOf(prior.windowStart(g.rule()), now);
        windows.put(g.rule(), since);
        if (held(since, now, rules.upFor())) {
          fired.add(g);
        }
      } else if (g.hasDown() && !g.below()) {
        allBelow = false;
      }
    }
    boolean calm = allHealthy && !upHolding && allBelow;
    boolean calmFired = false;
    if (calm) {
      Instant since = startOf(prior.windowStart(rules.calmRule()), now);
      windows.put(rules.calmRule(), since);
      calmFired = held(since, now, rules.downFor());
    }

    ReplicaDecision decision;
    String pressure = null;
    if (!bounds.contains(current)) {
      StepLimiter.Step step = limiter.intoRange(current, bounds, prior.lastScaleUp(), prior.lastScaleDown(), now);
      String why = "outside " + phase.label() + " range " + bounds + note(step);
      decision = step.to() == current
          ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current) + why)
          : ReplicaDecision.scale(component, current, step.to(), Rules.BOUNDS, rules.observed(),
              moved(component, current, step.to()) + why);
    } else if (!fired.isEmpty()) {
      decision = up(component, current, bounds, rules, fired, prior, now);
      if (current >= bounds.max()) {
        pressure = component.label() + " at max " + bounds.max() + " with " + join(fired, rules, false);
      }
    } else if (calmFired) {
      decision = down(component, current, bounds, rules, required, prior, now);
    } else {
      decision = ReplicaDecision.noChange(component, current, allHealthy ? Rules.HOLD : Rules.HOLD_METRICS_MISSING,
          rules.observed(), holds(component, current) + holdClauses(rules, windows, calm, now));
    }

    ComponentState state = new ComponentState(windows,
        decision.direction() == Direction.UP ? now : prior.lastScaleUp(),
        decision.direction() == Direction.DOWN ? now : prior.lastScaleDown());
    return new Outcome(decision, state, pressure, allHealthy && !upHolding, required);
  }

  private ReplicaDecision up(Component component, int current, Bounds bounds, RuleSet rules, List<Gauge> fired,
      ComponentState prior, Instant now) {
    // Proportional like the HPA; near the threshold (within tolerance) only one pod.
    Gauge dominant = null;
    long wanted = current + 1L;
    for (Gauge g : fired) {
      long want = g.ratio() - 1 <= tolerance ? current + 1L : Math.max(g.required(), current + 1L);
      if (dominant == null || want > wanted) {
        wanted = Math.max(wanted, want);
        dominant = g;
      }
    }
    if (fired.size() > 1 && fired.get(0) != dominant) {
      fired = new ArrayList<>(fired);
      fired.remove(dominant);
      fired.add(0, dominant);
    }
    StepLimiter.Step step = limiter.up(current, wanted, bounds, prior.lastScaleUp(), now);
    String why = join(fired, rules, true) + missingClauses(rules) + note(step);
    return step.to() == current
        ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current) + why)
        : ReplicaDecision.scale(component, current, step.to(), dominant.rule(), rules.observed(),
            moved(component, current, step.to()) + why);
  }

  private ReplicaDecision down(Component component, int current, Bounds bounds, RuleSet rules, long required,
      ComponentState prior, Instant now) {
    // Never below the count at which an up rule would fire again: down-then-up cannot happen.
    StepLimiter.Step step = limiter.down(current, required, bounds, prior.lastScaleDown(), now);
    String why = calmText(rules) + forText(rules.downFor()) + note(step);
    return step.to() == current
        ? ReplicaDecision.noChange(component, current, step.holdRule(), rules.observed(), holds(component, current) + why)
        : ReplicaDecision.scale(component, current, step.to(), rules.calmRule(), rules.observed(),
            moved(component, current, step.to()) + why);
  }

  private static String holdClauses(RuleSet rules, Map<String, Instant> windows, boolean calm, Instant now) {
    if (calm) {
      return calmText(rules) + progress(windows.get(rules.calmRule()), now, rules.downFor());
    }
    StringBuilder sb = new StringBuilder(64);
    for (Gauge g : rules.gauges()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      if (!g.reading().healthy()) {
        sb.append(g.missingText());
      } else if (g.above()) {
        sb.append(g.aboveText()).append(progress(windows.get(g.rule()), now, rules.upFor()));
      } else if (g.below()) {
        sb.append(g.belowText());
      } else {
        sb.append(g.bandText());
      }
    }
    return sb.toString();
  }

  private static String join(List<Gauge> fired, RuleSet rules, boolean withWindow) {
    StringBuilder sb = new StringBuilder(48);
    for (Gauge g : fired) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(g.aboveText());
      if (withWindow) {
        sb.append(forText(rules.upFor()));
      }
    }
    return sb.toString();
  }

  private static String calmText(RuleSet rules) {
    StringBuilder sb = new StringBuilder(48);
    for (Gauge g : rules.gauges()) {
      if (g.hasDown()) {
        if (sb.length() > 0) {
          sb.append(" and ");
        }
        sb.append(g.belowText());
      }
    }
    return sb.toString();
  }

  private static String missingClauses(RuleSet rules) {
    StringBuilder sb = new StringBuilder();
    for (Gauge g : rules.gauges()) {
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
    return " for " + Fmt.duration(Duration.between(since, now)) + " of " + Fmt.duration(window);
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

  // The window is satisfied once the condition has held for at least the window (5m fires at 5m).
  static boolean held(Instant since, Instant now, Duration window) {
    return !since.plus(window).isAfter(now);
  }
}
