package io.appstack.operator.simulate;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.simulate.controller.ClairvoyantController;
import io.appstack.operator.simulate.controller.Controller;
import io.appstack.operator.simulate.controller.EngineController;
import io.appstack.operator.simulate.controller.KubernetesController;
import io.appstack.operator.simulate.controller.StaticController;
import io.appstack.operator.simulate.trace.Load;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One simulation: a stack policy, a start phase, a load and the model, replayed through the engine and the
 * baselines on equal terms — the same bounds (the engine's whole range unless set otherwise), the same start
 * replicas, the same capacity model and start-up delay. Results come back in a fixed order (appstack,
 * hpa+keda, static-peak, static-max, clairvoyant) whatever the threads did, so the output is deterministic.
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
  private final Bounds apiBounds;
  private final Bounds workerBounds;
  private final Map<Component, Set<Signal>> unconfigured;
  private Need need;

  public Simulation(StackPolicy policy, Phase startPhase, Load load, ModelParams params) {
    this(policy, startPhase, load, params, null, null, Map.of());
  }

  private Simulation(StackPolicy policy, Phase startPhase, Load load, ModelParams params, Bounds apiBounds,
      Bounds workerBounds, Map<Component, Set<Signal>> unconfigured) {
    this.policy = policy;
    this.startPhase = startPhase;
    this.load = load;
    this.params = params;
    this.apiBounds = apiBounds;
    this.workerBounds = workerBounds;
    this.unconfigured = Map.copyOf(unconfigured);
  }

  /** Copy whose baselines use these bounds (null keeps the engine's range) for the API and every pool. */
  public Simulation withBaselineBounds(Bounds api, Bounds worker) {
    return new Simulation(policy, startPhase, load, params, api, worker, unconfigured);
  }

  /**
   * Copy whose engine reads only the signals the stack's operator would have a query for: these take no part (as
   * {@code policy.SignalSources#unconfigured} gives them for an AppStack).
   */
  public Simulation withUnconfigured(Map<Component, Set<Signal>> signals) {
    return new Simulation(policy, startPhase, load, params, apiBounds, workerBounds, signals);
  }

  /** The bounds of every baseline, per component: as given, or every count the engine may choose. */
  public Bounds[] baselineBounds() {
    List<Component> components = policy.components();
    Bounds[] out = new Bounds[components.size()];
    for (int c = 0; c < out.length; c++) {
      Bounds given = c == 0 ? apiBounds : workerBounds;
      out[c] = given != null ? given : policy.bounds(components.get(c));
    }
    return out;
  }

  /** The replicas every policy that scales starts with: the start phase's minimum, within the engine's range. */
  public int[] startReplicas() {
    List<Component> components = policy.components();
    int[] out = new int[components.size()];
    for (int c = 0; c < out.length; c++) {
      Component component = components.get(c);
      Bounds phaseRange = component.kind() == Component.Kind.API ? startPhase.apiBounds() : startPhase.workerBounds();
      out[c] = policy.bounds(component).clamp(phaseRange.min());
    }
    return out;
  }

  /** The phase a stack starts in: its pinned phase, or Small for Auto (as the reconciler starts it). */
  public static Phase defaultStartPhase(StackPolicy policy) {
    return policy.phaseMode().isAuto() ? Phase.SMALL : policy.phaseMode().pinnedPhase();
  }

  /** The phase whose maximum the static-max baseline runs: the pinned phase, or the start phase. */
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
    int[] start = startReplicas();
    Bounds[] bounds = baselineBounds();
    if (need == null) {
      need = Need.of(load, params, bounds);
    }
    return List.of(
        new EngineController(policy, startPhase, start, load.startMicros(),
            (long) load.steps() * load.stepSeconds() * 1_000_000L, params, unconfigured),
        new KubernetesController(policy, bounds, start, params),
        StaticController.peakProvisioned(need, policy.components()),
        StaticController.phaseMaximum(policy, baselinePhase()),
        new ClairvoyantController(need, params));
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
      return io.appstack.operator.policy.SpecPolicies.from(stack.getSpec());
    } catch (IllegalArgumentException e) {
      throw new InputException(source + ": " + e.getMessage());
    }
  }
}
