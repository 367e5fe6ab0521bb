package io.appstack.operator.testing;

import io.appstack.operator.reconcile.AppStackReconciler;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.reconcile.runtime.OperatorBeans;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator as production runs it — the reconciler wired as {@code OperatorBeans} wires it, server-side
 * apply on for every dependent and for the status patch (Quarkus Operator SDK's production default) — on
 * plain JOSDK inside the test JVM, watching the given namespaces with the given client (whose user agent
 * names it in the audit log, and whose token decides what it may do).
 */
public final class InProcessOperator implements AutoCloseable {
  /** The user agent of the operator's client in these tests; the audit log's writes are counted by it. */
  public static final String USER_AGENT = "appstack-operator-under-test";
  /** The rate windows of the default queries, the operator's defaults. */
  public static final Duration CPU_WINDOW = io.appstack.operator.metrics.DefaultQueries.STANDARD_CPU_WINDOW;
  public static final Duration LATENCY_WINDOW = io.appstack.operator.metrics.DefaultQueries.STANDARD_LATENCY_WINDOW;

  private final Operator operator;
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong reconciles = new AtomicLong();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Watching {@code namespaces}, without leader election. */
  public InProcessOperator(KubernetesClient client, URI prometheus, Set<String> namespaces) {
    this(client, prometheus, namespaces, null);
  }

  /**
   * Watching {@code namespaces} (empty: every namespace, as the chart's cluster mode does), electing a leader
   * with {@code leaderElection} when it is not null.
   */
  private volatile boolean closing;

  public InProcessOperator(KubernetesClient client, URI prometheus, Set<String> namespaces,
      LeaderElectionConfiguration leaderElection) {
    Clock clock = Clock.systemUTC();
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Autoscaler autoscaler = OperatorBeans.newAutoscaler(clock, metrics, prometheus, CPU_WINDOW, LATENCY_WINDOW);
    Metrics counting = new Metrics() {
      @Override
      public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        reconciles.incrementAndGet();
      }

      @Override
      public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        failures.add(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + ": "
            + exception);
      }
    };
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withSSABasedCreateUpdateMatchForDependentResources(true)
        .withUseSSAToPatchPrimaryResource(true)
        .withMetrics(counting)
        .withCloseClientOnStop(true)
        .withStopOnInformerErrorDuringStartup(true)
        // Not JOSDK's default (a fatal informer error ends the process): in a test that would end the test JVM when
        // an informer meets its client closed while the operator stops, or after a start that failed (its
        // informers race the client's close). The error is kept with the failures instead.
        .withInformerStoppedHandler((informer, error) -> {
          if (error != null && !closing) {
            failures.add("informer " + informer + " stopped: " + error);
          }
        })
        .withCacheSyncTimeout(Duration.ofSeconds(30))
        // As application.properties sets them (the SDK's default is 50 and 50).
        .withConcurrentReconciliationThreads(10)
        .withConcurrentWorkflowExecutorThreads(10)
        .withLeaderElectionConfiguration(leaderElection));
    operator.register(new AppStackReconciler(clock, autoscaler, client, metrics),
        o -> o.settingNamespaces(namespaces.isEmpty() ? Constants.WATCH_ALL_NAMESPACE_SET : namespaces));
  }

  public InProcessOperator start() {
    operator.start();
    return this;
  }

  /** Reconciles finished so far, of every stack. */
  public long reconciles() {
    return reconciles.get();
  }

  /** Reconciles that left the children alone: the same inputs as the last apply and no child changed since. */
  public long childrenUnchanged() {
    var counter = registry.find("appstack.reconcile.children").tag("outcome", "unchanged").counter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Reconciles that ended in an exception, oldest first. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
  }
}
