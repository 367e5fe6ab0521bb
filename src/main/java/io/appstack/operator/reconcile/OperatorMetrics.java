package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusEndpoint;
import io.appstack.operator.metrics.QueryResult;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own metrics on {@code /q/metrics}, beside the SDK's: scaling decisions, current and
 * desired replicas, the phase, and Prometheus query latency and errors.
 */
public final class OperatorMetrics implements MetricsCollector.QueryObserver {
  private final MeterRegistry registry;
  private final Map<Tags, AtomicInteger> gauges = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  /** Records an evaluation: one count per change, and the replica and phase gauges. */
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
    }
    gauge("appstack.phase", "Phase of the stack: 0 Small, 1 Medium, 2 Large, 3 Enterprise", stackTags,
        evaluation.phase().ordinal());
    gauge("appstack.metrics.available", "1 when every signal of the stack could be read", stackTags,
        evaluation.metricsAvailable() ? 1 : 0);
  }

  /** Whether the stack's database connection budget holds (0 also when a scale-up was held by it). */
  public void connectionBudget(AppStack stack, boolean holds) {
    gauge("appstack.connection.budget.holds", "1 when the database connection budget holds, 0 when a setting must "
        + "be raised", Tags.of("namespace", stack.getMetadata().getNamespace(), "appstack",
        stack.getMetadata().getName()), holds ? 1 : 0);
  }

  private void gauge(String name, String description, Tags tags, int value) {
    gauges.computeIfAbsent(Tags.of("__name", name).and(tags), key -> {
      AtomicInteger holder = new AtomicInteger();
      Gauge.builder(name, holder, AtomicInteger::get).description(description).tags(tags).register(registry);
      return holder;
    }).set(value);
  }
}
