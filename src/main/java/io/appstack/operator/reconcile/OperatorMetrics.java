package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusEndpoint;
import io.appstack.operator.metrics.QueryResult;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.Signal;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics on {@code /q/metrics}, beside the SDK's: scaling decisions, current and
 * desired replicas, the phase, each stack's conditions, and Prometheus query latency and errors. Series of a
 * stack end when the stack is deleted, and those of a worker pool when the pool is removed, so no alert fires
 * on a ghost.
 */
public final class OperatorMetrics implements MetricsCollector.QueryObserver {
  private final MeterRegistry registry;
  private final Counter childrenApplied;
  private final Counter childrenUnchanged;
  private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();
  /** The components of each stack's last evaluation, so that only a removal scans the registry. */
  private final Map<String, Set<String>> componentsByStack = new ConcurrentHashMap<>();
  /** Each stack's condition series by condition type: the one series per type that shows the current state. */
  private final Map<String, Map<String, Gauge>> conditionsByStack = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  /** Records an evaluation: one count per change, and the replica, signal and phase gauges. */
  public void evaluated(AppStack stack, Evaluation evaluation) {
    Tags stackTags = Tags.of("namespace", stack.getMetadata().getNamespace(), "appstack", stack.getMetadata().getName());
    for (ReplicaDecision d : evaluation.decisions()) {
      Tags component = stackTags.and("component", d.component().key());
      if (d.changes()) {
        Counter.builder("appstack.scaling.decisions")
            .description("Replica changes decided by the scaling engine")
            .tags(component.and("direction", d.to() > d.from() ? "up" : "down", "rule", d.rule()))
            .register(registry)
            .increment();
      }
      gauge("appstack.replicas.current", "Replicas before the decision", component, d.from());
      gauge("appstack.replicas.desired", "Replicas the operator wants", component, d.to());
      for (Signal signal : Signal.values()) {
        if (signal.kind() == d.component().kind()) {
          gauge("appstack.signal", "What the engine read for a signal (NaN: missing, or not configured)",
              component.and("signal", signal.label()), d.observed().getOrDefault(signal.label(), Double.NaN));
        }
      }
    }
    Set<String> components = evaluation.decisions().stream().map(d -> d.component().key())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    Set<String> before = componentsByStack.put(stackKey(stack), components);
    if (before != null && !components.containsAll(before)) {
      retainComponents(stackTags, components); // scans every meter: only when a pool went away
    }
    gauge("appstack.phase", "Phase of the stack: 0 Small, 1 Medium, 2 Large, 3 Enterprise", stackTags,
        evaluation.phase().ordinal());
    gauge("appstack.metrics.available", "1 when every signal of the stack could be read", stackTags,
        evaluation.metricsAvailable() ? 1 : 0);
  }

  /**
   * The stack's conditions as its status shows them: {@code appstack_condition{type, status, reason}} 1, one
   * series per condition type (the alerts select Stalled=True, MetricsAvailable=False, ConnectionBudget's
   * ScaleUpCapped). A condition that changes status or reason ends its previous series; one the status no
   * longer has ends too.
   */
  public void conditions(AppStack stack, List<Condition> conditions) {
    Tags stackTags = Tags.of("namespace", stack.getMetadata().getNamespace(), "appstack", stack.getMetadata().getName());
    Map<String, Gauge> series = conditionsByStack.computeIfAbsent(stackKey(stack), k -> new ConcurrentHashMap<>());
    Set<String> types = new java.util.HashSet<>();
    for (Condition condition : conditions) {
      types.add(condition.getType());
      Tags tags = stackTags.and("type", condition.getType(), "status", String.valueOf(condition.getStatus()),
          "reason", condition.getReason() == null ? "" : condition.getReason());
      Gauge current = series.get(condition.getType());
      if (current == null || !Tags.of(current.getId().getTags()).equals(tags)) {
        if (current != null) {
          registry.remove(current);
        }
        series.put(condition.getType(), Gauge.builder("appstack.condition", () -> 1)
            .description("1 for each condition of a stack, labelled with its type, status and reason")
            .tags(tags).register(registry));
      }
    }
    series.entrySet().removeIf(e -> {
      boolean gone = !types.contains(e.getKey());
      if (gone) {
        registry.remove(e.getValue());
      }
      return gone;
    });
  }

  /**
   * Removes every series of stacks not in {@code live} ({@code namespace/name}): deleted stacks. The
   * operator keeps no finalizer, so it learns of a deletion only by the stack's absence.
   */
  public void retainStacks(Set<String> live) {
    componentsByStack.keySet().retainAll(live);
    conditionsByStack.keySet().retainAll(live);
    removeWhere(tag -> {
      String namespace = tag.apply("namespace");
      String name = tag.apply("appstack");
      return namespace != null && name != null && !live.contains(namespace + "/" + name);
    });
  }

  /** How {@link #retainStacks} names a stack: {@code namespace/name}. */
  static String stackKey(AppStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }

  /** Removes the series of the stack's components that its latest evaluation no longer has (removed pools). */
  private void retainComponents(Tags stackTags, Set<String> components) {
    removeWhere(tag -> {
      String component = tag.apply("component");
      return component != null && !components.contains(component)
          && stackTags.stream().allMatch(t -> t.getValue().equals(tag.apply(t.getKey())));
    });
  }

  /** Removes the meters (and held gauge values) whose tags, looked up by key, make {@code stale} true. */
  private void removeWhere(Predicate<Function<String, String>> stale) {
    for (Meter meter : registry.getMeters()) {
      if (stale.test(meter.getId()::getTag)) {
        registry.remove(meter);
      }
    }
    gauges.keySet().removeIf(tags -> stale.test(key -> tags.stream().filter(t -> t.getKey().equals(key))
        .map(Tag::getValue).findFirst().orElse(null)));
  }

  /** Whether the stack's database connection budget holds (0 also when a scale-up was held by it). */
  public void connectionBudget(AppStack stack, boolean holds) {
    gauge("appstack.connection.budget.holds", "1 when the database connection budget holds, 0 when a setting must "
        + "be raised", Tags.of("namespace", stack.getMetadata().getNamespace(), "appstack",
        stack.getMetadata().getName()), holds ? 1 : 0);
  }

  private void gauge(String name, String description, Tags tags, double value) {
    gauges.computeIfAbsent(Tags.of("__name", name).and(tags), key -> {
      AtomicLong holder = new AtomicLong(); // the value's bits: a gauge may hold a fraction or NaN
      Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get())).description(description).tags(tags)
          .register(registry);
      return holder;
    }).set(Double.doubleToLongBits(value));
  }
}
