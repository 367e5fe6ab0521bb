package io.appstack.operator.scaling;

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
      for (Gauge g : rules[i].gauges()) {
        if (!g.reading().healthy()) {
          missing.add(new MissingSignal(c.key(), g.reading().signal(), g.reading().problem()));
        }
      }
    }
    Reading users = metrics.usersConfigured() ? metrics.readUsers(now, policy.staleAfter()) : null;
    if (users != null && !users.healthy()) {
      missing.add(new MissingSignal("stack", Signal.USERS, users.problem()));
    }

    if (policy.paused()) {
      return paused(components, current, rules, prior, missing, now);
    }

    ComponentDecider decider = new ComponentDecider(new StepLimiter(policy.rateLimits()), policy.tolerance());
    Phase phase = policy.phaseMode().isAuto() ? prior.phase() : policy.phaseMode().pinnedPhase();
    PhaseChange change = phase == prior.phase() ? null : new PhaseChange(prior.phase(), phase, "pinned by spec");
    List<ComponentDecider.Outcome> outcomes = decideAll(decider, policy, phase, components, current, rules, prior, now);
    Instant pressureSince = null;
    Instant calmSince = null;

    if (policy.phaseMode().isAuto()) {
      PhasePlanner.Plan plan = new PhasePlanner(policy.promotionWindow(), policy.demotionWindow())
          .plan(phase, prior, pressure(outcomes), calm(policy, phase, components, outcomes), users, now);
      pressureSince = plan.pressureSince();
      calmSince = plan.calmSince();
      if (plan.change() != null) {
        change = plan.change();
        phase = plan.phase();
        // The new phase's ranges apply at once; windows still evolve from the same prior state.
        outcomes = decideAll(decider, policy, phase, components, current, rules, prior, now);
      }
    }

    List<ReplicaDecision> decisions = new ArrayList<>(outcomes.size());
    Map<String, ComponentState> states = new HashMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      decisions.add(outcomes.get(i).decision());
      states.put(components.get(i).key(), outcomes.get(i).state());
    }
    ScalingState next = new ScalingState(phase, pressureSince, calmSince, states);
    return new Evaluation(now, phase, Optional.ofNullable(change), decisions, missing, next);
  }

  private static List<ComponentDecider.Outcome> decideAll(ComponentDecider decider, StackPolicy policy, Phase phase,
      List<Component> components, int[] current, RuleSet[] rules, ScalingState prior, Instant now) {
    List<ComponentDecider.Outcome> outcomes = new ArrayList<>(components.size());
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      outcomes.add(decider.decide(c, current[i], policy.bounds(c, phase), phase, rules[i],
          prior.component(c.key()), now));
    }
    return outcomes;
  }

  private static String pressure(List<ComponentDecider.Outcome> outcomes) {
    for (ComponentDecider.Outcome o : outcomes) {
      if (o.pressure() != null) {
        return o.pressure();
      }
    }
    return null;
  }

  // Calm enough to demote: nothing wants more and every component would fit the smaller phase.
  private static boolean calm(StackPolicy policy, Phase phase, List<Component> components,
      List<ComponentDecider.Outcome> outcomes) {
    Optional<Phase> smaller = phase.previous();
    if (smaller.isEmpty()) {
      return false;
    }
    for (int i = 0; i < outcomes.size(); i++) {
      ComponentDecider.Outcome o = outcomes.get(i);
      if (!o.settled() || o.required() > policy.bounds(components.get(i), smaller.get()).max()) {
        return false;
      }
    }
    return true;
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
      states.put(c.key(), new ComponentState(Map.of(), p.lastScaleUp(), p.lastScaleDown()));
    }
    ScalingState next = new ScalingState(prior.phase(), null, null, states);
    return new Evaluation(now, prior.phase(), Optional.empty(), decisions, missing, next);
  }

  private static RuleSet rulesFor(StackPolicy policy, Component c, MetricsSnapshot metrics, int current, Instant now) {
    if (c.kind() == Component.Kind.API) {
      return ApiRules.of(policy.api(),
          metrics.read(c, Signal.API_CPU_PERCENT, now, policy.staleAfter()),
          metrics.read(c, Signal.API_P95_MS, now, policy.staleAfter()), current);
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
