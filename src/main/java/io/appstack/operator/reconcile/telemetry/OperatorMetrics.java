package io.appstack.operator.reconcile.telemetry;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusEndpoint;
import io.appstack.operator.metrics.QueryResult;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.signal.Signal;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The operator's own metrics on {@code /q/metrics}, beside the SDK's: scaling decisions, current and
 * desired replicas, the phase, each stack's conditions, and Prometheus query latency and errors. Series of a
 * stack end when the stack is deleted, and those of a worker pool when the pool is removed, so no alert fires
 * on a ghost. The per-stack figures are written by one collector at scrape time ({@link StackSeries}), in the
 * Prometheus registry's exposition; counters and timers are Micrometer meters.
 */
public final class OperatorMetrics implements MetricsCollector.QueryObserver {
  private final MeterRegistry registry;
  private final Counter childrenApplied;
  private final Counter childrenUnchanged;
  private final StackSeries stacks = new StackSeries();

  /**
   * Metrics in {@code registry}; the per-stack series only when it is a Prometheus registry (the operator's), whose
   * exposition they join.
   */
  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(stacks);
    }
    // Counted at every reconcile: registered once, not looked up each time.
    this.childrenApplied = childrenCounter("applied");
    this.childrenUnchanged = childrenCounter("unchanged");
  }

  @Override
  public void observed(PrometheusEndpoint endpoint, Duration duration, QueryResult result) {
    String outcome = result instanceof QueryResult.Failure f ? f.kind().name().toLowerCase() : "success";
    Timer.builder("appstack.prometheus.query")
        .description("Prometheus queries sent by the operator, by outcome")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(duration);
    if (result instanceof QueryResult.Failure f) {
      Counter.builder("appstack.prometheus.query.errors")
          .description("Prometheus queries that failed, by kind")
          .tag("kind", f.kind().name().toLowerCase())
          .register(registry)
          .increment();
    }
  }

  /**
   * One reconcile's children: applied (the workflow ran), or unchanged (skipped: the same inputs as the last
   * complete apply and no child changed since).
   */
  public void childrenApplied(boolean applied) {
    (applied ? childrenApplied : childrenUnchanged).increment();
  }

  private Counter childrenCounter(String outcome) {
    return Counter.builder("appstack.reconcile.children")
        .description("Reconciles by what they did with the stack's children: applied, or unchanged (skipped)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Records an evaluation: one count per change, and the replica, signal and phase figures. */
  public void evaluated(AppStack stack, Evaluation evaluation) {
    Tags stackTags = Tags.of("namespace", stack.getMetadata().getNamespace(), "appstack", stack.getMetadata().getName());
    List<StackSeries.ComponentFigures> figures = new ArrayList<>();
    for (ReplicaDecision d : evaluation.decisions()) {
      if (d.changes()) {
        Counter.builder("appstack.scaling.decisions")
            .description("Replica changes decided by the scaling engine")
            .tags(stackTags.and("component", d.component().key(), "direction", d.to() > d.from() ? "up" : "down",
                "rule", d.rule()))
            .register(registry)
            .increment();
      }
      List<Signal> signals = StackSeries.SIGNALS.get(d.component().kind());
      double[] read = new double[signals.size()];
      for (int i = 0; i < read.length; i++) {
        read[i] = d.observed().getOrDefault(signals.get(i).label(), Double.NaN);
      }
      figures.add(new StackSeries.ComponentFigures(d.component().key(), d.component().kind(), d.from(), d.to(), read));
    }
    StackSeries.Figures before = stacks.update(stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
        f -> f.withEvaluation(figures, evaluation.phase().ordinal(), evaluation.metricsAvailable()));
    Set<String> components = evaluation.decisions().stream().map(d -> d.component().key())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    if (before.components().stream().anyMatch(c -> !components.contains(c.component()))) {
      retainComponents(stackTags, components); // scans every meter: only when a pool went away
    }
  }

  /**
   * The stack's conditions as its status shows them: {@code appstack_condition{type, status, reason}} 1, one
   * series per condition type (the alerts select Stalled=True, MetricsAvailable=False, ConnectionBudget's
   * ScaleUpCapped). Only the latest conditions are written: a condition that changes status or reason ends its
   * previous series, one the status no longer has ends too.
   */
  public void conditions(AppStack stack, List<Condition> conditions) {
    // One series per type (the last of a type wins); a condition without a type names nothing to alert on.
    Map<String, StackSeries.ConditionFigures> byType = new java.util.LinkedHashMap<>();
    for (Condition c : conditions) {
      if (c.getType() != null) {
        byType.put(c.getType(), new StackSeries.ConditionFigures(c.getType(), String.valueOf(c.getStatus()),
            c.getReason() == null ? "" : c.getReason()));
      }
    }
    List<StackSeries.ConditionFigures> figures = List.copyOf(byType.values());
    stacks.update(stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
        f -> f.withConditions(figures));
  }

  /**
   * Removes every series of stacks not in {@code live} ({@code namespace/name}): deleted stacks. The
   * operator keeps no finalizer, so it learns of a deletion only by the stack's absence.
   */
  public void retainStacks(Set<String> live) {
    stacks.retain(live);
    removeWhere(tag -> {
      String namespace = tag.apply("namespace");
      String name = tag.apply("appstack");
      return namespace != null && name != null && !live.contains(namespace + "/" + name);
    });
  }

  /** How {@link #retainStacks} names a stack: {@code namespace/name}. */
  public static String stackKey(AppStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }

  /** Removes the decision counts of the stack's components that its latest evaluation no longer has (removed pools). */
  private void retainComponents(Tags stackTags, Set<String> components) {
    removeWhere(tag -> {
      String component = tag.apply("component");
      return component != null && !components.contains(component)
          && stackTags.stream().allMatch(t -> t.getValue().equals(tag.apply(t.getKey())));
    });
  }

  /** Removes the meters whose tags, looked up by key, make {@code stale} true. */
  private void removeWhere(Predicate<Function<String, String>> stale) {
    for (Meter meter : registry.getMeters()) {
      if (stale.test(meter.getId()::getTag)) {
        registry.remove(meter);
      }
    }
  }

  /** Whether the stack's database connection budget holds (0 also when a scale-up was held by it). */
  public void connectionBudget(AppStack stack, boolean holds) {
    stacks.update(stack.getMetadata().getNamespace(), stack.getMetadata().getName(),
        f -> f.withBudget(holds));
  }
}
