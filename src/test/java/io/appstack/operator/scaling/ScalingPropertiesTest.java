package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.ApiPolicy;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.PhaseMode;
import io.appstack.operator.scaling.config.RateLimits;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.Recommendations;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ScalingPropertiesTest {

  private static final List<String> POOLS = List.of("emails", "reports");
  private static final Duration STEP = Duration.ofMinutes(1);

  /** Metric values for one evaluation of a stack with two worker pools. */
  record Values(double cpu, double p95, double depthA, double waitA, double depthB, double waitB, Double users) {
    MetricsSnapshot at(Instant now) {
      MetricsSnapshot.Builder b = MetricsSnapshot.builder()
          .api(Signal.API_CPU_PERCENT, cpu, now).api(Signal.API_P95_MS, p95, now)
          .worker("emails", Signal.QUEUE_DEPTH, depthA, now).worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, waitA, now)
          .worker("reports", Signal.QUEUE_DEPTH, depthB, now).worker("reports", Signal.OLDEST_JOB_AGE_SECONDS, waitB, now);
      if (users != null) {
        b.users(users, now);
      }
      return b.build();
    }
  }

  // ---- generators

  private static Arbitrary<Double> value(double max, boolean allowBad) {
    // Log-uniform as well as uniform, so small values (few pods' worth of load) are as likely as large ones.
    Arbitrary<Double> logUniform = Arbitraries.integers().between(0, (int) (Math.log10(max) * 1000)).map(e -> Math.pow(10, e / 1000.0));
    Arbitrary<Double> good = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.doubles().between(0, max)),
        Tuple.of(3, logUniform),
        Tuple.of(1, Arbitraries.of(0.0, max / 10, max / 3, max)));
    return allowBad
        ? Arbitraries.frequencyOf(Tuple.of(8, good),
            Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0)))
        : good;
  }

  private static Arbitrary<Values> values(boolean allowBad) {
    return Combinators.combine(value(200, allowBad), value(2000, allowBad), value(100_000, allowBad),
            value(300, allowBad), value(20_000, allowBad), value(300, allowBad),
            value(300_000, allowBad).injectNull(0.5))
        .as(Values::new);
  }

  @Provide
  Arbitrary<Values> anyValues() {
    return values(true);
  }

  @Provide
  Arbitrary<Values> healthyValues() {
    return values(false);
  }

  @Provide
  Arbitrary<StackPolicy> policies() {
    // Small minimums and large maximums matter most: wide ranges are where big steps can overshoot.
    Arbitrary<Integer> bound = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.integers().between(0, 4)),
        Tuple.of(1, Arbitraries.integers().between(20, 60)),
        Tuple.of(1, Arbitraries.integers().between(0, 60))).injectNull(0.4);
    Arbitrary<PhaseMode> mode = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(PhaseMode.AUTO)),
        Tuple.of(1, Arbitraries.of(Phase.class).map(PhaseMode::pinned)));
    // Loose rate limits too: they make overshooting scale-downs possible if the engine allowed them.
    Arbitrary<RateLimits> rates = Combinators.combine(
            Arbitraries.doubles().between(1, 10), Arbitraries.integers().between(1, 20),
            Arbitraries.doubles().between(0, 0.95), Arbitraries.integers().between(1, 20),
            Arbitraries.integers().between(0, 300))
        .as((upFactor, upPods, downFraction, downPods, periodSeconds) -> new RateLimits(upFactor, upPods,
            Duration.ofSeconds(periodSeconds), downFraction, downPods, Duration.ofSeconds(periodSeconds * 2L)));
    Arbitrary<Double> tolerance = Arbitraries.of(0.0, 0.05, 0.1, 0.3);
    return Combinators.combine(mode, bound, bound, bound, bound, rates, tolerance).as((m, a, b, c, d, r, t) -> {
      StackPolicy p = StackPolicy.defaults(POOLS.toArray(String[]::new)).withPhaseMode(m)
          .withPhaseWindows(Duration.ofMinutes(15), Duration.ofHours(1)).withRateLimits(r).withTolerance(t);
      p = p.withApi(ApiPolicy.defaults().withBounds(ordered(a, b)[0], ordered(a, b)[1]));
      return p.withWorker(WorkerPolicy.defaults("emails").withBounds(ordered(c, d)[0], ordered(c, d)[1]));
    });
  }

  private static Integer[] ordered(Integer a, Integer b) {
    return a != null && b != null && a > b ? new Integer[] {b, a} : new Integer[] {a, b};
  }

  // ---- helpers

  private static Map<Component, Integer> within(StackPolicy policy, Phase phase, int seed) {
    Map<Component, Integer> replicas = new HashMap<>();
    for (Component c : policy.components()) {
      Bounds b = policy.bounds(c);
      replicas.put(c, b.min() + Math.floorMod(seed * 31 + c.name().length(), b.max() - b.min() + 1));
    }
    return replicas;
  }

  private static Phase startPhase(StackPolicy policy, Phase phase) {
    return policy.phaseMode().isAuto() ? phase : policy.phaseMode().pinnedPhase();
  }

  // ---- properties

  /**
   * Inside the range of the effective phase a count stays inside; outside it (any start 0–70, a phase change) it
   * only ever moves toward the range, never past it, and reaches it within the rate limits' steps.
   */
  @Property(tries = 300)
  void replicasStayWithinTheRangeAndMoveIntoItWithinTheRateLimits(
      @ForAll("policies") StackPolicy policy, @ForAll Phase phase, @ForAll @IntRange(min = 0, max = 70) int start,
      @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("anyValues") Values> steps) {
    MutableClock clock = new MutableClock(Harness.T0);
    ScalingEngine engine = new ScalingEngine(clock);
    ScalingState state = ScalingState.initial(phase);
    Map<Component, Integer> replicas = new HashMap<>();
    policy.components().forEach(c -> replicas.put(c, start));
    for (Values v : steps) {
      Evaluation e = engine.evaluate(policy, v.at(clock.instant()), replicas, state);
      for (ReplicaDecision d : e.decisions()) {
        Bounds b = policy.bounds(d.component());
        assertThat(d.from()).isEqualTo(replicas.get(d.component()));
        if (b.contains(d.from())) {
          assertThat(b.contains(d.to())).as("%s in %s: %s", d.to(), e.phase(), d.reason()).isTrue();
        } else if (d.from() < b.min()) {
          RateLimits r = policy.rateLimits();
          assertThat(d.to()).as("toward min %s: %s", b, d.reason()).isBetween(d.from(), b.min());
          assertThat(d.to()).as("at most one up step").isLessThanOrEqualTo(
              (int) Math.max(Fmt.ceil(d.from() * r.upFactor()), (long) d.from() + r.upPods()));
        } else {
          RateLimits r = policy.rateLimits();
          assertThat(d.to()).as("toward max %s: %s", b, d.reason()).isBetween(b.max(), d.from());
          assertThat(d.to()).as("at most one down step").isGreaterThanOrEqualTo(
              (int) Math.min(Fmt.ceil(d.from() * (1 - r.downFraction())), (long) d.from() - r.downMinPods()));
        }
        replicas.put(d.component(), d.to());
      }
      state = e.nextState();
      clock.advance(STEP);
    }
    // Given time and calm, every count ends in its range.
    // (At most one pod per down period of at most 10 minutes, from 70: 300 steps of 10 minutes are enough.)
    for (int i = 0; i < 300; i++) {
      Evaluation e = engine.evaluate(policy, steps.get(steps.size() - 1).at(clock.instant()), replicas, state);
      e.decisions().forEach(d -> replicas.put(d.component(), d.to()));
      state = e.nextState();
      clock.advance(Duration.ofMinutes(10));
      if (i == 299) {
        for (ReplicaDecision d : e.decisions()) {
          assertThat(policy.bounds(d.component()).contains(d.to())).as("%s: %s", d.component(), d.reason())
              .isTrue();
        }
      }
    }
  }

  @Property(tries = 300)
  void constantMetricsNeverOscillate(
      @ForAll("policies") StackPolicy policy, @ForAll Phase phase, @ForAll int seed,
      @ForAll("anyValues") Values constant, @ForAll @IntRange(min = 1, max = 10) int stepMinutes) {
    Phase initial = startPhase(policy, phase);
    MutableClock clock = new MutableClock(Harness.T0);
    ScalingEngine engine = new ScalingEngine(clock);
    ScalingState state = ScalingState.initial(initial);
    Map<Component, Integer> replicas = within(policy, initial, seed);
    Map<Component, Direction> lastMove = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      Evaluation e = engine.evaluate(policy, constant.at(clock.instant()), replicas, state);
      for (ReplicaDecision d : e.decisions()) {
        // The phase may well go up and then down (a start phase that does not fit the start counts); counts may not.
        boolean counts = d.changes();
        if (counts) {
          Direction before = lastMove.getOrDefault(d.component(), Direction.NONE);
          assertThat(before).as("%s reversed at step %d: %s", d.component(), i, d.reason())
              .isIn(Direction.NONE, d.direction());
          lastMove.put(d.component(), d.direction());
        }
        replicas.put(d.component(), d.to());
      }
      state = e.nextState();
      clock.advance(Duration.ofMinutes(stepMinutes));
    }
  }

  @Property(tries = 300)
  void missingDataNeverScalesDownOrDemotes(
      @ForAll("policies") StackPolicy policy, @ForAll Phase phase, @ForAll int seed,
      @ForAll("healthyValues") Values healthy, @ForAll @IntRange(min = 0, max = 6) int broken,
      @ForAll("badness") double bad) {
    Phase current = startPhase(policy, phase);
    Instant now = Harness.T0.plus(Duration.ofDays(3));
    // Every window and the calm clock started long ago: only the data can stop a scale-down.
    Instant longAgo = Harness.T0;
    ScalingState prior = new ScalingState(current, null, longAgo, readyToScaleDown(policy, longAgo));

    double[] v = {healthy.cpu(), healthy.p95(), healthy.depthA(), healthy.waitA(), healthy.depthB(), healthy.waitB(),
        healthy.users() == null ? 0 : healthy.users()};
    v[broken] = bad;
    Values withGap = new Values(v[0], v[1], v[2], v[3], v[4], v[5], broken == 6 || healthy.users() != null ? v[6] : null);
    Component affected = broken < 2 ? Component.API
        : broken < 4 ? Component.worker("emails") : broken < 6 ? Component.worker("reports") : null;

    Evaluation e = new ScalingEngine(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
        .evaluate(policy, withGap.at(now), within(policy, current, seed), prior);

    if (affected != null) {
      assertThat(e.decision(affected).direction()).as(e.decision(affected).reason()).isNotEqualTo(Direction.DOWN);
    }
    assertThat(e.phaseChange().map(PhaseChange::promotion).orElse(true)).as("no demotion").isTrue();
    assertThat(e.missingSignals()).isNotEmpty();
  }

  /** Every component has recommended 0 since long ago: only the data can stop a scale-down. */
  private static Map<String, ComponentState> readyToScaleDown(StackPolicy policy, Instant since) {
    Map<String, ComponentState> components = new HashMap<>();
    for (Component c : policy.components()) {
      components.put(c.key(), new ComponentState(Map.of(),
          new Recommendations(List.of(), List.of(new Recommendations.Level(0, since))), null, null));
    }
    return components;
  }

  /** A scale-down never lands below what the metrics of the moment recommend, nor while a trigger is exceeded. */
  @Property(tries = 500)
  void aScaleDownNeverLandsBelowTheRecommendationOfTheMoment(
      @ForAll("policies") StackPolicy policy, @ForAll Phase phase, @ForAll int seed,
      @ForAll("healthyValues") Values v) {
    Phase current = startPhase(policy, phase);
    Instant now = Harness.T0.plus(Duration.ofDays(3));
    ScalingState prior = new ScalingState(current, null, null, readyToScaleDown(policy, Harness.T0));
    Evaluation e = new ScalingEngine(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
        .evaluate(policy, v.at(now), within(policy, current, seed), prior);

    for (ReplicaDecision d : e.decisions()) {
      net.jqwik.api.statistics.Statistics.collect(d.direction(), d.rule().equals(Rules.BOUNDS));
      if (d.direction() != Direction.DOWN || d.rule().equals(Rules.BOUNDS)) {
        continue;
      }
      if (d.component().equals(Component.API)) {
        Target cpu = new Target(Rules.API_CPU, Reading.ok(Signal.API_CPU_PERCENT, v.cpu()), "cpu", "%",
            policy.api().cpuTargetPercent(), true, -1);
        assertThat((long) d.to()).as(d.reason()).isGreaterThanOrEqualTo(cpu.recommend(d.from(), policy.tolerance()));
        assertThat(v.p95()).as("no scale-down while p95 is over its limit: " + d.reason())
            .isLessThanOrEqualTo(policy.api().p95Ms());
      } else {
        WorkerPolicy w = policy.worker(d.component().name());
        double depth = d.component().name().equals("emails") ? v.depthA() : v.depthB();
        double wait = d.component().name().equals("emails") ? v.waitA() : v.waitB();
        Target t = new Target(Rules.WORKER_DEPTH, Reading.ok(Signal.QUEUE_DEPTH, depth), "depth/worker", "",
            w.depthPerWorker(), false, -1);
        assertThat((long) d.to()).as(d.reason()).isGreaterThanOrEqualTo(t.recommend(d.from(), policy.tolerance()));
        assertThat(wait).as("no scale-down while a job waits too long: " + d.reason())
            .isLessThanOrEqualTo(w.maxWaitSeconds());
      }
    }
  }

  @Provide
  Arbitrary<Double> badness() {
    return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.5, -1000.0);
  }

  @Property(tries = 100)
  void theEngineIsAPureFunctionOfItsInputs(
      @ForAll("policies") StackPolicy policy, @ForAll Phase phase, @ForAll int seed,
      @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("anyValues") Values> steps) {
    List<Evaluation> first = new ArrayList<>();
    List<Evaluation> second = new ArrayList<>();
    for (List<Evaluation> out : List.of(first, second)) {
      MutableClock clock = new MutableClock(Harness.T0);
      ScalingState state = ScalingState.initial(startPhase(policy, phase));
      Map<Component, Integer> replicas = within(policy, startPhase(policy, phase), seed);
      for (Values v : steps) {
        // a new engine every time: nothing may be remembered outside the state
        Evaluation e = new ScalingEngine(clock).evaluate(policy, v.at(clock.instant()), replicas, state);
        e.decisions().forEach(d -> replicas.put(d.component(), d.to()));
        state = e.nextState();
        out.add(e);
        clock.advance(STEP);
      }
    }
    assertThat(second).isEqualTo(first);
  }
}
