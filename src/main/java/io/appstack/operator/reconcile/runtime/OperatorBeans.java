package io.appstack.operator.reconcile.runtime;

import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusAccess;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The operator's long-lived parts, configured from application properties. */
public class OperatorBeans {
  /** The wall clock; tests replace it to control time. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The operator's metrics, registered in the Prometheus registry itself when there is one: its per-stack series
   * are written by a collector in that registry's exposition, and through Quarkus's global composite every
   * counter would exist twice.
   */
  @Produces
  @Singleton
  OperatorMetrics operatorMetrics(MeterRegistry registry, Instance<PrometheusMeterRegistry> prometheus) {
    return new OperatorMetrics(prometheus.isResolvable() ? prometheus.get() : registry);
  }

  /**
   * The SDK's metrics per controller, not per stack: Quarkus Operator SDK's default keeps a dozen meters for every
   * stack (its reconcile counters and every event source's events), some 9 KiB of heap a stack and as many series
   * in Prometheus. The operator's own metrics name each stack ({@link OperatorMetrics}); the dashboard reads the
   * SDK's as sums.
   */
  @Produces
  @Singleton
  Metrics sdkMetrics(MeterRegistry registry) {
    return MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource().build();
  }

  @Produces
  @Singleton
  Autoscaler autoscaler(Clock clock, OperatorMetrics operatorMetrics,
      @ConfigProperty(name = "appstack.prometheus.url") URI prometheus,
      @ConfigProperty(name = "appstack.metrics.cpu-rate-window", defaultValue = DefaultQueries.CPU_WINDOW) Duration cpuWindow,
      @ConfigProperty(name = "appstack.metrics.latency-rate-window", defaultValue = DefaultQueries.LATENCY_WINDOW) Duration latencyWindow,
      @ConfigProperty(name = "appstack.prometheus.allowed-urls") Optional<List<URI>> allowed,
      @ConfigProperty(name = "appstack.prometheus.allow-query-overrides") boolean overrides,
      @ConfigProperty(name = "appstack.autoscaling.min-poll-interval") Duration minPollInterval) {
    return newAutoscaler(clock, operatorMetrics, new PrometheusAccess(prometheus, allowed.orElse(List.of()))
        .withQueryOverrides(overrides).withMinPollInterval(minPollInterval), cpuWindow, latencyWindow);
  }

  /** A malformed stack PodMonitor label setting stops the start, instead of failing every stack's reconcile. */
  void checkScrapeSettings(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
    io.appstack.operator.monitoring.ScrapeSettings.get();
  }

  /** The autoscaler as the operator runs it; also how tests and benchmarks wire an operator on plain JOSDK. */
  public static Autoscaler newAutoscaler(Clock clock, OperatorMetrics operatorMetrics, URI prometheus,
      Duration cpuWindow, Duration latencyWindow) {
    return newAutoscaler(clock, operatorMetrics, PrometheusAccess.anyUrl(prometheus), cpuWindow, latencyWindow);
  }

  public static Autoscaler newAutoscaler(Clock clock, OperatorMetrics operatorMetrics, PrometheusAccess access,
      Duration cpuWindow, Duration latencyWindow) {
    MetricsCollector collector = new MetricsCollector(clock,
        e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
        operatorMetrics);
    return new Autoscaler(new ScalingEngine(clock), collector,
        new DefaultQueries(cpuWindow, latencyWindow), access);
  }
}
