package io.appstack.operator.bench;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Direction;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.config.ApiPolicy;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.PhaseMode;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throughput of the scaling engine on one thread: 1,000 stacks of API + 4 worker pools, each
 * with its own synthetic load that reacts to replicas, evaluated round after round (30s apart
 * on a simulated clock). Only {@code evaluate} is timed; building the snapshots is not.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:<test classpath>
 * io.appstack.operator.bench.EngineBenchmark [warmupSeconds] [measureSeconds]}
 */
public final class EngineBenchmark {

  private static final int STACKS = 1_000;
  private static final List<String> POOLS = List.of("emails", "reports", "webhooks", "exports");
  private static final Duration ROUND = Duration.ofSeconds(30);

  /** One stack: its policy, replicas, state, and the parameters of its synthetic load. */
  private static final class Stack {
    final StackPolicy policy;
    final Map<Component, Integer> replicas = new HashMap<>();
    ScalingState state;
    final double apiLoad;
    final double[] poolLoad = new double[POOLS.size()];
    final double period;
    final double phaseShift;

    Stack(int i, SplittableRandom rnd) {
      StackPolicy p = StackPolicy.defaults(POOLS.toArray(String[]::new));
      if (i % 4 == 1) {
        p = p.withPhaseMode(PhaseMode.pinned(Phase.values()[i % Phase.values().length]));
      }
      if (i % 5 == 2) {
        p = p.withApi(ApiPolicy.defaults().withBounds(2, 12));
      }
      if (i % 7 == 3) {
        p = p.withWorker(WorkerPolicy.defaults("emails").withBounds(2, 30));
      }
      policy = p;
      Phase start = p.phaseMode().isAuto() ? Phase.values()[i % 3] : p.phaseMode().pinnedPhase();
      state = ScalingState.initial(start);
      for (Component c : p.components()) {
        replicas.put(c, p.bounds(c, start).min());
      }
      apiLoad = 50 + rnd.nextDouble() * 1_500; // pod-percent
      for (int k = 0; k < poolLoad.length; k++) {
        poolLoad[k] = rnd.nextDouble() * 40_000; // jobs at peak
      }
      period = 60 + rnd.nextInt(600); // rounds per load cycle
      phaseShift = rnd.nextDouble() * Math.PI * 2;
    }

    MetricsSnapshot metrics(long round, Instant now, SplittableRandom rnd) {
      double wave = 0.55 + 0.45 * Math.sin(phaseShift + 2 * Math.PI * round / period);
      MetricsSnapshot.Builder b = MetricsSnapshot.builder();
      double cpu = apiLoad * wave / replicas.get(Component.API) * (0.95 + 0.1 * rnd.nextDouble());
      if (rnd.nextInt(200) == 0) {
        b.missing(Component.API, Signal.API_CPU_PERCENT, "query failed: timeout");
      } else {
        b.api(Signal.API_CPU_PERCENT, cpu, now);
      }
      b.api(Signal.API_P95_MS, rnd.nextInt(300) == 0 ? Double.NaN : 60 + 4 * cpu, now);
      for (int k = 0; k < POOLS.size(); k++) {
        String pool = POOLS.get(k);
        double depth = poolLoad[k] * wave * wave;
        int workers = replicas.get(Component.worker(pool));
        b.worker(pool, Signal.QUEUE_DEPTH, depth, now);
        b.worker(pool, Signal.OLDEST_JOB_AGE_SECONDS, depth / workers / 20, now);
      }
      if (round % 3 == 0) {
        b.users(apiLoad * 60 * wave, now);
      }
      return b.build();
    }
  }

  public static void main(String[] args) {
    double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double measureSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;

    SplittableRandom rnd = new SplittableRandom(42);
    Stack[] stacks = new Stack[STACKS];
    for (int i = 0; i < STACKS; i++) {
      stacks[i] = new Stack(i, rnd);
    }
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    ScalingEngine engine = new ScalingEngine(clock);
    MetricsSnapshot[] snapshots = new MetricsSnapshot[STACKS];
    Map<Direction, Long> mix = new EnumMap<>(Direction.class);

    long round = 0;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (System.nanoTime() < warmupEnd) {
      runRound(stacks, snapshots, engine, clock, round++, rnd, null);
    }

    long decisions = 0;
    long engineNanos = 0;
    long wallStart = System.nanoTime();
    long measureEnd = wallStart + (long) (measureSeconds * 1e9);
    while (System.nanoTime() < measureEnd) {
      engineNanos += runRound(stacks, snapshots, engine, clock, round++, rnd, mix);
      decisions += (long) STACKS * (POOLS.size() + 1);
    }
    long wallNanos = System.nanoTime() - wallStart;

    System.out.printf("engine: %d stacks x %d components: %,.0f decisions/s%n",
        STACKS, POOLS.size() + 1, decisions / (engineNanos / 1e9));
    System.out.printf("  (%,d decisions in %.2fs of engine time; %,.0f decisions/s including snapshot building;"
            + " %,.1f µs per stack evaluation; mix %s)%n",
        decisions, engineNanos / 1e9, decisions / (wallNanos / 1e9), engineNanos / 1e3 / (decisions / 5.0), mix);
  }

  /** Evaluates every stack once, applies the decisions, returns the nanoseconds spent in the engine. */
  private static long runRound(Stack[] stacks, MetricsSnapshot[] snapshots, ScalingEngine engine,
      MutableClock clock, long round, SplittableRandom rnd, Map<Direction, Long> mix) {
    clock.advance(ROUND);
    for (int i = 0; i < stacks.length; i++) {
      snapshots[i] = stacks[i].metrics(round, clock.instant(), rnd);
    }
    long start = System.nanoTime();
    Evaluation[] results = new Evaluation[stacks.length];
    for (int i = 0; i < stacks.length; i++) {
      Stack s = stacks[i];
      results[i] = engine.evaluate(s.policy, snapshots[i], s.replicas, s.state);
    }
    long spent = System.nanoTime() - start;
    for (int i = 0; i < stacks.length; i++) {
      Stack s = stacks[i];
      s.state = results[i].nextState();
      for (ReplicaDecision d : results[i].decisions()) {
        s.replicas.put(d.component(), d.to());
        if (mix != null) {
          mix.merge(d.direction(), 1L, Long::sum);
        }
      }
    }
    return spent;
  }
}
