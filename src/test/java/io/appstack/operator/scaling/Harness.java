package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.scaling.state.ScalingState;
import io.appstack.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Drives one stack through the engine like the operator would: evaluate, apply the decided
 * replicas, keep the next state.
 */
final class Harness {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final ScalingEngine engine = new ScalingEngine(clock);
  final ScalingLoop loop = new ScalingLoop(engine);
  final Map<Component, Integer> replicas = new HashMap<>();
  StackPolicy policy;
  ScalingState state;
  Evaluation last;

  Harness(StackPolicy policy, Phase phase) {
    this.policy = policy;
    this.state = ScalingState.initial(phase);
    for (Component c : policy.components()) {
      replicas.put(c, policy.bounds(c).min());
    }
  }

  Harness set(Component c, int n) {
    replicas.put(c, n);
    return this;
  }

  int replicas(Component c) {
    return replicas.get(c);
  }

  /** One turn of the loop now with the given metrics; the realiser applies the result here. */
  Evaluation tick(MetricsSnapshot metrics) {
    return loop.turn(policy, p -> metrics, p -> new StateStore.Remembered(state, replicas), e -> {
      last = e;
      for (ReplicaDecision d : e.decisions()) {
        replicas.put(d.component(), d.to());
      }
      state = e.nextState();
    });
  }

  /** Moves the clock by {@code d}, then evaluates with metrics built for that moment. */
  Evaluation tickAfter(Duration d, Snap metrics) {
    clock.advance(d);
    return tick(metrics.at(clock.instant()));
  }

  Evaluation tick(Snap metrics) {
    return tick(metrics.at(clock.instant()));
  }

  /** Ticks every {@code step} up to and including {@code total} with the same metrics. */
  Evaluation hold(Duration total, Duration step, Snap metrics) {
    Instant end = clock.instant().plus(total);
    Evaluation e = last;
    while (clock.instant().plus(step).compareTo(end) <= 0) {
      e = tickAfter(step, metrics);
    }
    if (clock.instant().isBefore(end)) {
      clock.set(end);
      e = tick(metrics);
    }
    return e;
  }

  /** The decision of a component in the last evaluation. */
  ReplicaDecision decision(Component c) {
    return last.decision(c);
  }

  /** Metrics recipe, stamped with the evaluation time when used. */
  static Snap snap() {
    return new Snap();
  }

  static final class Snap {
    private final Map<String, double[]> workers = new HashMap<>();
    private double cpu = Double.NaN;
    private double p95 = Double.NaN;
    private boolean api;
    private Double users;

    Snap api(double cpu, double p95) {
      this.api = true;
      this.cpu = cpu;
      this.p95 = p95;
      return this;
    }

    Snap worker(String pool, double depth, double wait) {
      workers.put(pool, new double[] {depth, wait});
      return this;
    }

    /** A pool whose stack has no oldest-job-age query (BullMQ's export, a Redis list): only its depth. */
    Snap workerWithoutWait(String pool, double depth) {
      workers.put(pool, new double[] {depth});
      return this;
    }

    Snap users(double users) {
      this.users = users;
      return this;
    }

    MetricsSnapshot at(Instant now) {
      MetricsSnapshot.Builder b = MetricsSnapshot.builder();
      if (api) {
        b.api(Signal.API_CPU_PERCENT, cpu, now).api(Signal.API_P95_MS, p95, now);
      }
      workers.forEach((pool, v) -> {
        b.worker(pool, Signal.QUEUE_DEPTH, v[0], now);
        if (v.length > 1) {
          b.worker(pool, Signal.OLDEST_JOB_AGE_SECONDS, v[1], now);
        } else {
          b.notConfigured(Component.worker(pool), Signal.OLDEST_JOB_AGE_SECONDS);
        }
      });
      if (users != null) {
        b.users(users, now);
      }
      return b.build();
    }
  }
}
