package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.MissingSignal;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.Recommendations;
import io.appstack.operator.scaling.state.ScalingState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The scaling decision engine: a pure function of (policy, metrics, current replicas, prior
 * state, now). It keeps nothing between calls; feeding {@link Evaluation#nextState()} back in
 * is all an operator restart needs.
 */
public final class ScalingEngine {

  private final Clock clock;

  /** An engine reading "now" from the given clock. */
  public ScalingEngine(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Decides replicas for every component of the stack.
   *
   * @param replicas the current replica count of every component in {@code policy.components()}
   * @param remembered the state returned by the previous evaluation, or {@link ScalingState#initial}; times
   *     after now in it are forgotten ({@link ScalingState#notAfter})
   */
  public Evaluation evaluate(StackPolicy policy, MetricsSnapshot metrics, Map<Component, Integer> replicas,
      ScalingState remembered) {
    Instant now = clock.instant();
    ScalingState prior = remembered.notAfter(now);
    List<Component> components = policy.components();
    int[] current = new int[components.size()];
    RuleSet[] rules = new RuleSet[components.size()];
    List<MissingSignal> missing = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      current[i] = replicasOf(replicas, c);
      rules[i] = rulesFor(policy, c, metrics, current[i], now);
      missing(c, rules[i], missing);
    }
    Reading users = metrics.usersConfigured() ? metrics.readUsers(now, policy.staleAfter()) : null;
    if (users != null && !users.healthy()) {
      missing.add(new MissingSignal("stack", Signal.USERS, users.problem()));
    }

    if (policy.paused()) {
      return paused(components, current, rules, prior, missing, now);
    }

    ComponentDecider decider = new ComponentDecider(new StepLimiter(policy.rateLimits()), policy.tolerance(),
        policy.triggerStep());
    List<ReplicaDecision> decisions = new ArrayList<>(components.size());
    Map<String, ComponentState> states = new HashMap<>();
    int[] next = new int[components.size()];
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      Forecast forecast = policy.predictive().enabled() ? metrics.forecast(c).orElse(null) : null;
      ComponentDecider.Outcome o = decider.decide(c, current[i], policy.bounds(c), rules[i], forecast,
          prior.component(c.key()), now);
      decisions.add(o.decision());
      states.put(c.key(), o.state());
      next[i] = o.decision().to();
    }

    // The phase follows the replicas: it classifies the stack's size and never sets a count.
    Phase phase = prior.phase();
    PhaseChange change = null;
    Instant pressureSince = null;
    Instant calmSince = null;
    if (policy.phaseMode().isAuto()) {
      PhasePlanner.Plan plan = new PhasePlanner(policy.promotionWindow(), policy.demotionWindow())
          .plan(phase, prior, components, next, users, !missing.isEmpty(), now);
      phase = plan.phase();
      change = plan.change();
      pressureSince = plan.pressureSince();
      calmSince = plan.calmSince();
    } else if (policy.phaseMode().pinnedPhase() != phase) {
      change = new PhaseChange(phase, policy.phaseMode().pinnedPhase(), "pinned by spec");
      phase = policy.phaseMode().pinnedPhase();
    }
    ScalingState nextState = new ScalingState(phase, pressureSince, calmSince, states);
    return new Evaluation(now, phase, Optional.ofNullable(change), decisions, missing, nextState);
  }

  private static void missing(Component c, RuleSet rules, List<MissingSignal> missing) {
    for (Target t : rules.targets()) {
      if (!t.reading().healthy()) {
        missing.add(new MissingSignal(c.key(), t.reading().signal(), t.reading().problem()));
      }
    }
    for (Trigger t : rules.triggers()) {
      if (!t.reading().healthy()) {
        missing.add(new MissingSignal(c.key(), t.reading().signal(), t.reading().problem()));
      }
    }
  }

  // Paused: freeze replicas and phase; windows and phase timers restart after resuming, because
  // nothing was watched in between.
  private static Evaluation paused(List<Component> components, int[] current, RuleSet[] rules, ScalingState prior,
      List<MissingSignal> missing, Instant now) {
    List<ReplicaDecision> decisions = new ArrayList<>(components.size());
    Map<String, ComponentState> states = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      decisions.add(ReplicaDecision.noChange(c, current[i], Rules.PAUSED, rules[i].observed(),
          c.label() + " holds at " + current[i] + ": scaling paused"));
      ComponentState p = prior.component(c.key());
      states.put(c.key(), new ComponentState(Map.of(), Recommendations.NONE, p.lastScaleUp(), p.lastScaleDown()));
    }
    ScalingState next = new ScalingState(prior.phase(), null, null, states);
    return new Evaluation(now, prior.phase(), Optional.empty(), decisions, missing, next);
  }

  private static RuleSet rulesFor(StackPolicy policy, Component c, MetricsSnapshot metrics, int current, Instant now) {
    if (c.kind() == Component.Kind.API) {
      return ApiRules.of(policy.api(),
          metrics.read(c, Signal.API_CPU_PERCENT, now, policy.staleAfter()),
          metrics.read(c, Signal.API_PODS, now, policy.staleAfter()),
          metrics.read(c, Signal.API_P95_MS, now, policy.staleAfter()));
    }
    return WorkerRules.of(policy.worker(c.name()),
        metrics.read(c, Signal.QUEUE_DEPTH, now, policy.staleAfter()),
        metrics.read(c, Signal.OLDEST_JOB_AGE_SECONDS, now, policy.staleAfter()), current);
  }

  private static int replicasOf(Map<Component, Integer> replicas, Component c) {
    Integer n = replicas.get(c);
    if (n == null || n < 0) {
      throw new IllegalArgumentException("need a current replica count >= 0 for " + c + ", got " + n);
    }
    return n;
  }
}
