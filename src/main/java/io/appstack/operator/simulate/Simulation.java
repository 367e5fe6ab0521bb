package io.appstack.operator.simulate;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.StackPolicy;
import io.appstack.operator.scaling.WorkerPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One simulation: a stack policy, a start phase, a load and the model, replayed through the
 * engine and the two baselines. Results come back in a fixed order (appstack, static, hpa+keda)
 * whatever the threads did, so the output is deterministic.
 */
public final class Simulation {

  /** Everything a simulation produced. */
  public record Outcome(List<PolicyResult> results, long replayNanos) {
    public PolicyResult result(String name) {
      return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private final StackPolicy policy;
  private final Phase startPhase;
  private final Load load;
  private final ModelParams params;

  public Simulation(StackPolicy policy, Phase startPhase, Load load, ModelParams params) {
    this.policy = policy;
    this.startPhase = startPhase;
    this.load = load;
    this.params = params;
  }

  /** The phase a stack starts in: its pinned phase, or Small for Auto (as the reconciler starts it). */
  public static Phase defaultStartPhase(StackPolicy policy) {
    return policy.phaseMode().isAuto() ? Phase.SMALL : policy.phaseMode().pinnedPhase();
  }

  /** The phase the baselines are sized for: the pinned phase, or the start phase. */
  public Phase baselinePhase() {
    return policy.phaseMode().isAuto() ? startPhase : policy.phaseMode().pinnedPhase();
  }

  public StackPolicy policy() {
    return policy;
  }

  public Phase startPhase() {
    return startPhase;
  }

  public Load load() {
    return load;
  }

  public ModelParams params() {
    return params;
  }

  List<Controller> controllers() {
    Phase baseline = baselinePhase();
    return List.of(
        new EngineController(policy, startPhase, load.startMicros(), params),
        new StaticController(policy, baseline),
        new KubernetesController(policy, baseline, params));
  }

  /** Total steps over all policies (for progress). */
  public long totalSteps() {
    return (long) load.steps() * controllers().size();
  }

  /** Replays every policy, on up to {@code threads} threads; {@code progress} receives steps done. */
  public Outcome run(int threads, LongConsumer progress) {
    List<String> pools = new ArrayList<>();
    for (WorkerPolicy w : policy.workers()) {
      pools.add(w.name());
    }
    Replay replay = new Replay(load, params, pools);
    List<Controller> controllers = controllers();
    long start = System.nanoTime();
    List<PolicyResult> results = new ArrayList<>();
    AtomicLong done = new AtomicLong();
    LongConsumer sink = progress == null ? null : steps -> progress.accept(done.addAndGet(steps));
    if (threads <= 1) {
      for (Controller c : controllers) {
        results.add(replay.run(c, sink));
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, controllers.size()), r -> {
        Thread t = new Thread(r, "replay");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<PolicyResult>> futures = new ArrayList<>();
        for (Controller c : controllers) {
          futures.add(pool.submit(() -> replay.run(c, sink)));
        }
        for (Future<PolicyResult> f : futures) {
          results.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new Outcome(List.copyOf(results), System.nanoTime() - start);
  }

  /** Reads an AppStack for the simulator: its engine policy. */
  public static StackPolicy policyOf(AppStack stack, String source) {
    if (stack == null || stack.getSpec() == null || stack.getSpec().api() == null) {
      throw new InputException(source + ": not an AppStack with spec.api");
    }
    try {
      return io.appstack.operator.scaling.SpecPolicies.from(stack.getSpec());
    } catch (IllegalArgumentException e) {
      throw new InputException(source + ": " + e.getMessage());
    }
  }
}
