package io.appstack.operator.reconcile.telemetry;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.signal.Signal;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Each stack's latest figures — replicas, what the engine read, phase, conditions — written out as Prometheus series
 * when {@code /q/metrics} is scraped. A Micrometer gauge per series cost about 15 KiB per stack (two dozen meters,
 * their ids and tags: 15 MiB of heap at 1,000 stacks); here a stack is one small record, replaced when it changes,
 * and a deleted stack or a removed pool is simply no longer written. Labels are in key order, as Micrometer writes
 * them, so the series read the same as before.
 */
final class StackSeries extends Collector {
  static final String REPLICAS_CURRENT = "appstack_replicas_current";
  static final String REPLICAS_DESIRED = "appstack_replicas_desired";
  static final String SIGNAL = "appstack_signal";
  static final String PHASE = "appstack_phase";
  static final String METRICS_AVAILABLE = "appstack_metrics_available";
  static final String BUDGET_HOLDS = "appstack_connection_budget_holds";
  static final String CONDITION = "appstack_condition";

  private static final Map<String, String> HELP = Map.of(
      REPLICAS_CURRENT, "Replicas before the decision",
      REPLICAS_DESIRED, "Replicas the operator wants",
      SIGNAL, "What the engine read for a signal (NaN: missing, or not configured)",
      PHASE, "Phase of the stack: 0 Small, 1 Medium, 2 Large, 3 Enterprise",
      METRICS_AVAILABLE, "1 when every signal of the stack could be read",
      BUDGET_HOLDS, "1 when the database connection budget holds, 0 when a setting must be raised",
      CONDITION, "1 for each condition of a stack, labelled with its type, status and reason");
  private static final List<String> STACK = List.of("appstack", "namespace");
  private static final List<String> COMPONENT = List.of("appstack", "component", "namespace");
  private static final List<String> COMPONENT_SIGNAL = List.of("appstack", "component", "namespace", "signal");
  private static final List<String> CONDITION_LABELS = List.of("appstack", "namespace", "reason", "status", "type");
  /** The signals of each component kind, in the engine's order: a component's figures hold one value for each. */
  static final Map<Component.Kind, List<Signal>> SIGNALS = signalsByKind();

  /** What one component's latest evaluation decided and read ({@code read}: one value per signal of its kind). */
  record ComponentFigures(String component, Component.Kind kind, double current, double desired, double[] read) {}

  record ConditionFigures(String type, String status, String reason) {}

  /** A stack's figures; -1 where nothing has been recorded yet (no series is written for it). */
  record Figures(String namespace, String name, List<ComponentFigures> components, int phase, int metricsAvailable,
      int budgetHolds, List<ConditionFigures> conditions) {
    static Figures none(String namespace, String name) {
      return new Figures(namespace, name, List.of(), -1, -1, -1, List.of());
    }

    Figures withEvaluation(List<ComponentFigures> components, int phase, boolean metricsAvailable) {
      return new Figures(namespace, name, List.copyOf(components), phase, metricsAvailable ? 1 : 0, budgetHolds,
          conditions);
    }

    Figures withBudget(boolean holds) {
      return new Figures(namespace, name, components, phase, metricsAvailable, holds ? 1 : 0, conditions);
    }

    Figures withConditions(List<ConditionFigures> conditions) {
      return new Figures(namespace, name, components, phase, metricsAvailable, budgetHolds, List.copyOf(conditions));
    }
  }

  private final Map<String, Figures> stacks = new ConcurrentHashMap<>();

  /** Changes the figures of the stack {@code namespace/name}; returns what they were (none recorded yet: empty). */
  Figures update(String namespace, String name, UnaryOperator<Figures> change) {
    Figures[] before = new Figures[1];
    stacks.compute(namespace + "/" + name, (key, old) -> {
      before[0] = old == null ? Figures.none(namespace, name) : old;
      return change.apply(before[0]);
    });
    return before[0];
  }

  /** Forgets every stack not in {@code live} ({@code namespace/name}). */
  void retain(Set<String> live) {
    stacks.keySet().retainAll(live);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Map<String, List<MetricFamilySamples.Sample>> samples = new java.util.LinkedHashMap<>();
    HELP.keySet().stream().sorted().forEach(name -> samples.put(name, new ArrayList<>()));
    for (Figures stack : stacks.values()) {
      for (ComponentFigures c : stack.components()) {
        List<String> labels = List.of(stack.name(), c.component(), stack.namespace());
        samples.get(REPLICAS_CURRENT).add(sample(REPLICAS_CURRENT, COMPONENT, labels, c.current()));
        samples.get(REPLICAS_DESIRED).add(sample(REPLICAS_DESIRED, COMPONENT, labels, c.desired()));
        List<Signal> signals = SIGNALS.get(c.kind());
        for (int i = 0; i < signals.size(); i++) {
          samples.get(SIGNAL).add(sample(SIGNAL, COMPONENT_SIGNAL,
              List.of(stack.name(), c.component(), stack.namespace(), signals.get(i).label()), c.read()[i]));
        }
      }
      List<String> labels = List.of(stack.name(), stack.namespace());
      addIfRecorded(samples.get(PHASE), PHASE, labels, stack.phase());
      addIfRecorded(samples.get(METRICS_AVAILABLE), METRICS_AVAILABLE, labels, stack.metricsAvailable());
      addIfRecorded(samples.get(BUDGET_HOLDS), BUDGET_HOLDS, labels, stack.budgetHolds());
      for (ConditionFigures condition : stack.conditions()) {
        samples.get(CONDITION).add(sample(CONDITION, CONDITION_LABELS, List.of(stack.name(), stack.namespace(),
            condition.reason(), condition.status(), condition.type()), 1));
      }
    }
    List<MetricFamilySamples> families = new ArrayList<>();
    samples.forEach((name, list) -> {
      if (!list.isEmpty()) {
        families.add(new MetricFamilySamples(name, Type.GAUGE, HELP.get(name), list));
      }
    });
    return families;
  }

  private static void addIfRecorded(List<MetricFamilySamples.Sample> samples, String name, List<String> labels,
      int value) {
    if (value >= 0) {
      samples.add(sample(name, STACK, labels, value));
    }
  }

  private static MetricFamilySamples.Sample sample(String name, List<String> labelNames, List<String> labelValues,
      double value) {
    return new MetricFamilySamples.Sample(name, labelNames, labelValues, value);
  }

  private static Map<Component.Kind, List<Signal>> signalsByKind() {
    Map<Component.Kind, List<Signal>> byKind = new EnumMap<>(Component.Kind.class);
    for (Component.Kind kind : Component.Kind.values()) {
      byKind.put(kind, Arrays.stream(Signal.values()).filter(s -> s.kind() == kind).toList());
    }
    return byKind;
  }
}
