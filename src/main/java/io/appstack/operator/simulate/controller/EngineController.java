package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.PhaseChange;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.ScalingLoop;
import io.appstack.operator.scaling.StateStore;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Sample;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.simulate.History;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.Observation;
import io.appstack.operator.simulate.PhaseEvent;
import io.appstack.operator.simulate.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's own policy: the operator's {@link ScalingLoop} around the real {@link ScalingEngine}, one turn every
 * poll interval, with the model as its metrics source (the metrics of {@code metrics-delay} ago, stamped with their
 * time), its state store (the previous state and the current desired replicas) and its realiser (the decisions
 * become the new desired replicas). The phase planner runs inside the engine.
 */
public final class EngineController implements Controller {
  private final StackPolicy policy;
  private final List<Component> components;
  private final long originMicros;
  private final int pollSteps;
  private final int delaySteps;
  private final SimClock clock;
  private final ScalingLoop loop;
  private final List<PhaseEvent> phaseChanges = new ArrayList<>();
  private final Phase startPhase;
  private final int[] initial;
  private ScalingState state;
  private long evaluations;

  private final DemandHistory demand;
  private final Map<Component, Set<Signal>> unconfigured;

  public EngineController(StackPolicy policy, Phase startPhase, int[] start, long originMicros, long spanMicros,
      ModelParams params) {
    this(policy, startPhase, start, originMicros, spanMicros, params, Map.of());
  }

  /** {@code unconfigured}: the signals the stack has no query for; the engine sees them as such, not as values. */
  public EngineController(StackPolicy policy, Phase startPhase, int[] start, long originMicros, long spanMicros,
      ModelParams params, Map<Component, Set<Signal>> unconfigured) {
    this.unconfigured = unconfigured;
    this.initial = start.clone();
    this.demand = policy.predictive().enabled() ? new DemandHistory(policy.components().size(), spanMicros) : null;
    this.policy = policy;
    this.components = policy.components();
    this.originMicros = originMicros;
    this.pollSteps = params.pollSeconds() / params.stepSeconds();
    this.delaySteps = params.metricsDelaySeconds() / params.stepSeconds();
    this.clock = new SimClock(instant(0));
    this.loop = new ScalingLoop(new ScalingEngine(clock));
    this.startPhase = startPhase;
    this.state = ScalingState.initial(startPhase);
  }

  @Override
  public String name() {
    return "appstack";
  }

  @Override
  public String label() {
    String mode = policy.phaseMode().isAuto() ? "Auto, starting in " + startPhase.label()
        : "pinned to " + policy.phaseMode().pinnedPhase().label();
    String predictive = policy.predictive().enabled() ? "; predictive floor from the last "
        + policy.predictive().weeks() + " weeks, " + policy.predictive().leadTime().toSeconds() + "s ahead" : "";
    return "AppStack engine (scaling.ScalingEngine; phase " + mode + predictive + ")";
  }

  @Override
  public int[] initial() {
    return initial.clone();
  }

  @Override
  public void control(int k, long nowMicros, History history, int[] desired, Pods[] pods) {
    Observation o = history.at(k - delaySteps);
    if (demand != null && o != null) {
      demand.record(0, o.atMicros(), o.cpuPercent() * o.apiPods());
      for (int p = 1; p < components.size(); p++) {
        demand.record(p, o.atMicros(), o.depth(p - 1));
      }
    }
    if (k % pollSteps != 0) {
      return;
    }
    clock.set(instant(nowMicros));
    Observation seen = o;
    loop.turn(policy, p -> seen == null ? MetricsSnapshot.empty() : snapshot(seen, nowMicros),
        p -> new StateStore.Remembered(state, replicas(desired)), e -> realise(e, nowMicros, desired));
  }

  /** The simulator's {@link io.appstack.operator.scaling.Realiser}: the decisions become the model's desired replicas. */
  private void realise(Evaluation e, long nowMicros, int[] desired) {
    evaluations++;
    state = e.nextState();
    if (e.phaseChange().isPresent()) {
      PhaseChange c = e.phaseChange().get();
      phaseChanges.add(new PhaseEvent(originMicros + nowMicros, c.from(), c.to(), c.reason()));
    }
    for (int i = 0; i < components.size(); i++) {
      desired[i] = e.decisions().get(i).to();
    }
  }

  private Map<Component, Integer> replicas(int[] desired) {
    Map<Component, Integer> replicas = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      replicas.put(components.get(i), desired[i]);
    }
    return replicas;
  }

  private MetricsSnapshot snapshot(Observation o, long nowMicros) {
    Instant at = instant(o.atMicros());
    MetricsSnapshot.Builder b = MetricsSnapshot.builder();
    signal(b, Component.API, Signal.API_CPU_PERCENT, o.cpuPercent(), at);
    signal(b, Component.API, Signal.API_PODS, o.apiPods(), at);
    signal(b, Component.API, Signal.API_P95_MS, o.p95Ms(), at);
    for (int p = 1; p < components.size(); p++) {
      Component pool = components.get(p);
      signal(b, pool, Signal.QUEUE_DEPTH, o.depth(p - 1), at);
      signal(b, pool, Signal.OLDEST_JOB_AGE_SECONDS, o.oldestAgeSeconds(p - 1), at);
    }
    if (demand != null) {
      Instant ahead = instant(nowMicros).plus(policy.predictive().leadTime());
      for (int c = 0; c < components.size(); c++) {
        Component component = components.get(c);
        demand.forecast(c, nowMicros, policy.predictive(), ahead).ifPresent(f -> b.forecast(component, f));
      }
    }
    return b.build();
  }

  private void signal(MetricsSnapshot.Builder b, Component component, Signal signal, double value, Instant at) {
    if (unconfigured.getOrDefault(component, Set.of()).contains(signal)) {
      b.notConfigured(component, signal);
    } else {
      b.sample(component, signal, new Sample(value, at));
    }
  }

  private Instant instant(long micros) {
    long total = originMicros + micros;
    return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000L), Math.floorMod(total, 1_000_000L) * 1000L);
  }

  @Override
  public boolean readsLatency() {
    return true;
  }

  @Override
  public Phase phase() {
    return state.phase();
  }

  @Override
  public List<PhaseEvent> phaseChanges() {
    return phaseChanges;
  }

  long evaluations() {
    return evaluations;
  }
}
