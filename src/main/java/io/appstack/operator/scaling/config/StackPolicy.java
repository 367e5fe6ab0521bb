package io.appstack.operator.scaling.config;

import io.appstack.operator.scaling.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the engine needs from an AppStack spec, in the engine's own terms. Start from
 * {@link #defaults(String...)} and adjust with the {@code with…} copies.
 */
public record StackPolicy(
    PhaseMode phaseMode,
    boolean paused,
    ApiPolicy api,
    List<WorkerPolicy> workers,
    RateLimits rateLimits,
    GlobalLimits limits,
    double tolerance,
    double triggerStep,
    Duration promotionWindow,
    Duration demotionWindow,
    Duration staleAfter,
    PredictivePolicy predictive) {

  public StackPolicy {
    Objects.requireNonNull(phaseMode, "phaseMode");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(limits, "limits");
    workers = List.copyOf(workers);
    Set<String> names = new HashSet<>();
    for (WorkerPolicy w : workers) {
      if (!names.add(w.name())) {
        throw new IllegalArgumentException("duplicate worker pool " + w.name());
      }
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
    }
    if (!(triggerStep > 0) || triggerStep > 10) {
      throw new IllegalArgumentException("trigger step must be in (0, 10], got " + triggerStep);
    }
    Thresholds.requireWindow("promotionWindow", promotionWindow);
    Thresholds.requireWindow("demotionWindow", demotionWindow);
    Thresholds.requireWindow("staleAfter", staleAfter);
    Objects.requireNonNull(predictive, "predictive");
  }

  /** Auto phase, not paused, the defaults of {@link ScalingOption} for the API and each named worker pool. */
  public static StackPolicy defaults(String... workerPools) {
    List<WorkerPolicy> workers = new ArrayList<>();
    for (String pool : workerPools) {
      workers.add(WorkerPolicy.defaults(pool));
    }
    return new StackPolicy(PhaseMode.AUTO, false, ApiPolicy.defaults(), workers, RateLimits.defaults(),
        GlobalLimits.defaults(), ScalingOption.TOLERANCE.number(), ScalingOption.TRIGGER_STEP_PERCENT.number() / 100,
        ScalingOption.PROMOTE_AFTER.duration(), ScalingOption.DEMOTE_AFTER.duration(), STALE_AFTER,
        PredictivePolicy.OFF);
  }

  /** A sample older than this is stale: unusable, never read as zero. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /** The API followed by the worker pools, in spec order. */
  public List<Component> components() {
    List<Component> all = new ArrayList<>(workers.size() + 1);
    all.add(Component.API);
    for (WorkerPolicy w : workers) {
      all.add(Component.worker(w.name()));
    }
    return all;
  }

  /** The bounds the engine keeps a component in: the stack's limits in Auto, the pinned phase's range otherwise. */
  public Bounds bounds(Component component) {
    if (!phaseMode.isAuto()) {
      return bounds(component, phaseMode.pinnedPhase());
    }
    return component.kind() == Component.Kind.API ? api.autoBounds(limits)
        : worker(component.name()).autoBounds(limits);
  }

  /** The range of a component pinned to a phase. */
  public Bounds bounds(Component component, Phase phase) {
    return component.kind() == Component.Kind.API
        ? api.bounds(phase, limits)
        : worker(component.name()).bounds(phase, limits);
  }

  /** The policy of the named worker pool. */
  public WorkerPolicy worker(String name) {
    for (WorkerPolicy w : workers) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("no worker pool " + name);
  }

  /** Copy with another phase mode. */
  public StackPolicy withPhaseMode(PhaseMode mode) {
    return new StackPolicy(mode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy pinned to a phase. */
  public StackPolicy pinnedTo(Phase phase) {
    return withPhaseMode(PhaseMode.pinned(phase));
  }

  /** Copy paused or resumed. */
  public StackPolicy withPaused(boolean paused) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with another API policy. */
  public StackPolicy withApi(ApiPolicy api) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with this worker policy replacing the pool of the same name, or appended. */
  public StackPolicy withWorker(WorkerPolicy worker) {
    List<WorkerPolicy> copy = new ArrayList<>(workers);
    copy.removeIf(w -> w.name().equals(worker.name()));
    int at = indexOf(worker.name());
    copy.add(at < 0 ? copy.size() : at, worker);
    return new StackPolicy(phaseMode, paused, api, copy, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with other rate limits. */
  public StackPolicy withRateLimits(RateLimits rateLimits) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with other global limits. */
  public StackPolicy withLimits(GlobalLimits limits) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with another tolerance (0.1 = within 10% of a threshold steps by one pod only). */
  public StackPolicy withTolerance(double tolerance) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  /** Copy with another trigger step (0.5 = a trigger adds 50% of the current count, at least one pod). */
  public StackPolicy withTriggerStep(double triggerStep) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep,
        promotionWindow, demotionWindow, staleAfter, predictive);
  }

  /** Copy with other promotion/demotion windows. */
  public StackPolicy withPhaseWindows(Duration promotion, Duration demotion) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotion,
        demotion, staleAfter, predictive);
  }

  /** Copy with the predictive floor on or off. */
  public StackPolicy withPredictive(PredictivePolicy predictive) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep,
        promotionWindow, demotionWindow, staleAfter, predictive);
  }

  /** Copy with another staleness limit for samples. */
  public StackPolicy withStaleAfter(Duration staleAfter) {
    return new StackPolicy(phaseMode, paused, api, workers, rateLimits, limits, tolerance, triggerStep, promotionWindow,
        demotionWindow, staleAfter, predictive);
  }

  private int indexOf(String name) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
