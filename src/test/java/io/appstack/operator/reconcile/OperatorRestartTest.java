package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.ApiQueries;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.api.autoscaling.WorkerQueries;
import io.appstack.operator.api.autoscaling.WorkerScaling;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ScalingStatus;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stop the operator in the middle of a scaling window and start a new one: what it decides afterwards — the
 * Events, the status' decision log and windows, the replica counts — is exactly what an operator that never
 * stopped decides on the same inputs, at the same moments.
 *
 * <p>Whole operators on plain JOSDK with the production wiring, against the mock API server (or the cluster
 * named by {@code APPSTACK_TEST_KUBECONFIG}) and a real Prometheus. The inputs are made repeatable: the
 * metrics are a fixed history backfilled into Prometheus, the operator's clock is the test's, and it queries
 * Prometheus at that clock's time. The test moves the clock one 15-second poll at a time, and at each moment
 * waits until the stack is settled there (see {@link Instance#settle}); every reconcile sees one moment from
 * start to end (the clock is pinned per reconcile thread). After a restart the new operator starts at the
 * moment the old one stopped at, from nothing but what the API server holds.
 */
class OperatorRestartTest {
  static final String NS = System.getenv().getOrDefault("APPSTACK_TEST_NAMESPACE", "restart");
  static final Duration POLL = Duration.ofSeconds(15);
  static final int STEPS = 46;
  /** A whole hour six hours back: the history must be in Prometheus's past, and the same for every run. */
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  static PrometheusServer prometheus;
  static KubernetesMockServer server;
  static KubernetesClient driver;
  static Run uninterrupted;

  /**
   * The load, per 15-second step. CPU goes over 70% at step 4 (the API's 1-minute up window fires at step 8,
   * 2→3, the Small ceiling); held at the ceiling under pressure, the stack is promoted to Medium 2 minutes
   * later, and the API scales on. The queue grows at step 10 (30-second window) and drains at step 20. From
   * step 32 everything is calm: the API's 2-minute down window fires at step 40.
   */
  static Map<String, Double> load(int step) {
    double cpu = step < 4 ? 40 : step < 24 ? 90 : step < 32 ? 50 : 10;
    double p95 = step < 32 ? 300 : 50;
    double depth = step < 10 ? 600 : step < 20 ? 9_000 : 0;
    double age = step < 10 ? 5 : step < 20 ? 60 : 0;
    return Map.of("restart_api_cpu_percent", cpu, "restart_api_p95_ms", p95, "restart_queue_depth", depth,
        "restart_oldest_job_age_seconds", age);
  }

  static Instant at(int step) {
    return T0.plus(POLL.multipliedBy(step));
  }

  @BeforeAll
  static void start() throws IOException {
    StringBuilder history = new StringBuilder();
    for (String metric : load(0).keySet()) {
      history.append("# TYPE ").append(metric).append(" gauge\n");
      for (int step = 0; step <= STEPS; step++) {
        history.append(metric).append(' ').append(load(step).get(metric)).append(' ')
            .append(at(step).getEpochSecond()).append('\n');
      }
    }
    prometheus = PrometheusServer.withHistory(history.append("# EOF\n").toString());

    String kubeconfig = System.getenv(TestCluster.KUBECONFIG_ENV);
    if (kubeconfig == null) {
      server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          new KubernetesCrudDispatcher(), false);
      server.init(InetAddress.getLoopbackAddress(), 0);
    }
    driver = client("appstack-restart-driver");
    if (server != null) {
      try (InputStream crd = new FileInputStream("crds/appstacks.appstack.io-v1.yml")) {
        driver.load(crd).create();
      }
      driver.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
    uninterrupted = run("steady", -1);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.resources(AppStack.class).inNamespace(NS).delete();
      driver.close();
    }
    if (server != null) {
      server.destroy();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** The scenario scales up, promotes the phase, scales workers up and down and the API down. */
  @Test
  void theScenarioExercisesWindowsScalingAndAPromotion() {
    assertThat(uninterrupted.events()).anyMatch(e -> e.contains("ScaledUp api 2→3"))
        .anyMatch(e -> e.contains("PhasePromoted"))
        .anyMatch(e -> e.contains("ScaledUp api 3→"))
        .anyMatch(e -> e.contains("ScaledUp worker emails"))
        .anyMatch(e -> e.contains("ScaledDown worker emails"))
        .anyMatch(e -> e.contains("ScaledDown api"));
    // Each decision is announced once, although every moment is evaluated at least twice.
    assertThat(uninterrupted.events()).doesNotHaveDuplicates();
    // The API's up window fires a minute after CPU rose: at step 8, not at step 4.
    assertThat(uninterrupted.events()).anyMatch(e -> e.startsWith(at(8) + " ScaledUp api 2→3"));
    assertThat(uninterrupted.status().recentDecisions()).isNotEmpty();
  }

  /** Stopped with a window open (the API's up window at step 6, the promotion clock at 13, the down window at 35). */
  @ParameterizedTest(name = "operator replaced after step {0}")
  @ValueSource(ints = {6, 13, 35})
  void aReplacedOperatorDecidesExactlyLikeOneThatNeverStopped(int restartAfter) {
    Run restarted = run("restart-" + restartAfter, restartAfter);
    assertThat(restarted.openAtRestart()).as("scaling windows open when the operator stopped").isNotEmpty();
    assertThat(restarted.events()).as("Events (time, reason, message)")
        .containsExactlyElementsOf(uninterrupted.events());
    assertThat(restarted.status()).as("status.scaling: windows, last scale times, recent decisions")
        .isEqualTo(uninterrupted.status());
    assertThat(restarted.replicas()).as("replicas of the API and the workers").isEqualTo(uninterrupted.replicas());
  }

  record Run(List<String> events, ScalingStatus status, Map<String, Integer> replicas, List<Object> openAtRestart) {}

  /** What the engine had running: trigger windows, recommendation levels (up and down windows), the promotion clock. */
  static List<Object> open(ScalingStatus scaling) {
    List<Object> open = new java.util.ArrayList<>(scaling.windows());
    open.addAll(scaling.recommendations());
    if (scaling.promotionPressureSince() != null) {
      open.add("promotion pressure since " + scaling.promotionPressureSince());
    }
    return open;
  }

  /** Runs the scenario on a new stack {@code name}; the operator is replaced after {@code restartAfter}. */
  static Run run(String name, int restartAfter) {
    PinnedClock clock = new PinnedClock(at(0));
    driver.resource(new AppStack(NS, name, spec())).create();
    Instance operator = new Instance(clock);
    List<Object> openAtRestart = List.of();
    try {
      operator.start();
      for (int step = 0; step <= STEPS; step++) {
        clock.set(at(step));
        operator.settle(name, at(step));
        if (step == restartAfter) {
          openAtRestart = open(stack(name).getStatus().scaling());
          operator.stop();
          operator = new Instance(clock);
          operator.start();
          // The new operator's first reconcile comes at the same moment as the old one's last.
          operator.settle(name, at(step));
        }
      }
      assertThat(operator.failures).as("failed reconciles").isEmpty();
    } finally {
      operator.stop();
    }
    AppStack stack = stack(name);
    Map<String, Integer> replicas = new HashMap<>();
    for (var deployment : driver.apps().deployments().inNamespace(NS).withLabel(Labels.STACK, name).list().getItems()) {
      replicas.put(deployment.getMetadata().getName().substring(name.length()), deployment.getSpec().getReplicas());
    }
    List<String> events = driver.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> !e.getReason().equals("Created") && !e.getReason().equals("Updated")) // children, wall-clock
        .sorted(Comparator.comparing(Event::getFirstTimestamp).thenComparing(e -> e.getMetadata().getCreationTimestamp()))
        .map(e -> e.getFirstTimestamp() + " " + e.getReason() + " " + e.getMessage())
        .toList();
    return new Run(events, stack.getStatus().scaling(), replicas, openAtRestart);
  }

  static AppStackSpec spec() {
    ApiScaling api = new ApiScaling(null, null, null, null, "1m", "2m",
        new ApiQueries("sum(restart_api_cpu_percent)", "sum(restart_api_p95_ms)"));
    WorkerScaling worker = new WorkerScaling(null, null, null, null, "30s", "1m",
        new WorkerQueries("sum(restart_queue_depth)", "sum(restart_oldest_job_age_seconds)"));
    return new AppStackSpec(null, null, ApiSpec.of("ghcr.io/acme/shop-api:1").withScaling(api),
        List.of(WorkerSpec.of("emails", "ghcr.io/acme/shop-worker:1", "emails").withScaling(worker)),
        new PrometheusSpec(prometheus.url().toString(), null, "5s", null, null),
        new AutoscalingSpec("100ms", "2m", null, null, null, null, null, null), null, null, null, null, null);
  }

  static AppStack stack(String name) {
    return driver.resources(AppStack.class).inNamespace(NS).withName(name).get();
  }

  static KubernetesClient client(String userAgent) {
    String kubeconfig = System.getenv(TestCluster.KUBECONFIG_ENV);
    Config config;
    try {
      config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)))
          : new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withTrustCerts(true)
              .withHttp2Disable(true).build();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withNamespace(NS)
        .withUserAgent(userAgent).build()).build();
  }

  /**
   * The test's clock. A reconcile pins the moment it started on its thread, so that one reconcile never
   * straddles two moments while the test moves the clock on.
   */
  static final class PinnedClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ThreadLocal<Instant> pinned = new ThreadLocal<>();

    PinnedClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    void pin() {
      pinned.set(now.get());
    }

    /** The moment pinned on this thread, or null. */
    Instant pinned() {
      return pinned.get();
    }

    void unpin() {
      pinned.remove();
    }

    @Override
    public Instant instant() {
      Instant moment = pinned.get();
      return moment != null ? moment : now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** How many evaluations a stack has had at the latest moment it was evaluated at. */
  record Evaluated(Instant moment, int count) {
    Evaluated then(Evaluated next) {
      return next.moment().equals(moment) ? new Evaluated(moment, count + next.count()) : next;
    }
  }

  /** One operator process: the reconciler wired as {@code OperatorBeans} wires it, on plain JOSDK. */
  static final class Instance {
    final Operator operator;
    /** Per stack, the latest moment at which it was evaluated by a reconcile that ended without error. */
    final Map<String, Evaluated> evaluated = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    Instance(PinnedClock clock) {
      KubernetesClient client = client("appstack-restart-operator");
      OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
      ThreadLocal<Boolean> queried = ThreadLocal.withInitial(() -> false);
      ThreadLocal<Boolean> failed = ThreadLocal.withInitial(() -> false);
      MetricsCollector collector = new MetricsCollector(clock,
          e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
          (endpoint, duration, result) -> {
            queried.set(true);
            metrics.observed(endpoint, duration, result);
          });
      // The installer's poll floor lowered to the 100ms this test polls at (the pinned clock makes each poll a step).
      Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), collector,
          new DefaultQueries(Duration.ofMinutes(2), Duration.ofMinutes(5)),
          io.appstack.operator.metrics.PrometheusAccess.anyUrl(prometheus.url()).withMinPollInterval(Duration.ofMillis(100)));
      Metrics pinning = new Metrics() {
        @Override
        public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
          clock.pin();
        }

        @Override
        public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
          failed.set(true);
          failures.add(resource.getMetadata().getName() + ": " + exception);
        }

        @Override
        public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
          Instant moment = clock.pinned();
          // A moment counts once the stack was evaluated at it (its queries sent) and the reconcile succeeded.
          if (moment != null && queried.get() && !failed.get()) {
            evaluated.merge(resource.getMetadata().getName(), new Evaluated(moment, 1), Evaluated::then);
          }
          queried.remove();
          failed.remove();
          clock.unpin();
        }
      };
      boolean mock = server != null;
      operator = new Operator(o -> o.withKubernetesClient(client)
          .withSSABasedCreateUpdateMatchForDependentResources(!mock)
          .withUseSSAToPatchPrimaryResource(!mock)
          .withMetrics(pinning)
          .withCloseClientOnStop(true));
      operator.register(new AppStackReconciler(clock, autoscaler, client, metrics),
          o -> o.settingNamespace(NS));
    }

    void start() {
      operator.start();
    }

    void stop() {
      operator.stop();
    }

    /**
     * Waits until {@code stack} is settled at {@code moment}: evaluated there, and evaluated there once more
     * without its status changing. The next evaluation then has the same inputs and decides the same, so a
     * run does not depend on how many times the operator happened to come back within a moment.
     */
    void settle(String stack, Instant moment) {
      awaitEvaluations(stack, moment, 1);
      while (true) {
        int count = evaluated.get(stack).count();
        AppStackStatus before = stack(stack).getStatus();
        awaitEvaluations(stack, moment, count + 1);
        if (before.equals(stack(stack).getStatus())) {
          return;
        }
      }
    }

    private void awaitEvaluations(String stack, Instant moment, int count) {
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
        Evaluated last = evaluated.get(stack);
        return last != null && last.moment().equals(moment) && last.count() >= count;
      });
    }
  }
}
