package io.appstack.operator.bench;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.AppStackReconciler;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.reconcile.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * N AppStacks (API + two worker pools each) against fabric8's mock API server in CRUD mode, with the
 * operator run in-process on plain JOSDK (no Quarkus). This program plays the Deployment controller
 * (marks every Deployment rolled out) until every stack is Ready, then watches a steady-state window.
 * Prometheus is unreachable (http://127.0.0.1:9), so every stack holds with MetricsAvailable=False.
 *
 * <p>Reports: time to all Ready, the operator's API requests until then (total and writes), its writes
 * in the steady window (target 0), heap after a full GC (target under 512 MiB for 1,000 stacks),
 * reconcile latency p50/p99 and Prometheus queries per poll.
 *
 * <p>Run: {@code bench/scale.sh [stacks=1000] [steadySeconds=60] [namespaces=10]}
 */
public final class ScaleBenchmark {
  /** The driver's (this program's) requests carry this user agent and are not counted as the operator's. */
  private static final String DRIVER_AGENT = "appstack-scalebench-driver";
  private static final Duration POLL = Duration.ofSeconds(15);

  /** The CRUD dispatcher, counting the operator's requests by kind. */
  static final class CountingDispatcher extends KubernetesCrudDispatcher {
    final AtomicLong total = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong driver = new AtomicLong();
    final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> writesByPath =
        new java.util.concurrent.ConcurrentHashMap<>();

    CountingDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(DRIVER_AGENT)) {
        driver.incrementAndGet();
      } else {
        total.incrementAndGet();
        String method = request.getMethod();
        if (!"GET".equalsIgnoreCase(method)) {
          writes.incrementAndGet();
          String kind = method + " " + kindOf(request.getPath());
          writesByPath.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
      }
      return super.dispatch(request);
    }

    private static String kindOf(String path) {
      // /api/v1/namespaces/ns/secrets/name -> secrets; /apis/g/v/namespaces/ns/kind/name/status -> kind/status
      String[] parts = path.split("\\?")[0].split("/");
      for (int i = 0; i < parts.length - 2; i++) {
        if ("namespaces".equals(parts[i])) {
          String kind = parts[i + 2];
          return parts.length > i + 4 ? kind + "/" + parts[i + 4] : kind;
        }
      }
      return path;
    }

    long[] snapshot() {
      return new long[] {total.get(), writes.get()};
    }
  }

  /** Times each reconcile (the reconciler's own call, not the status patch JOSDK sends after it). */
  static final class ReconcileTimer implements Metrics {
    final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
      if (!"reconcile".equals(execution.name())) {
        return execution.execute();
      }
      long start = System.nanoTime();
      try {
        return execution.execute();
      } finally {
        nanos.add(System.nanoTime() - start);
      }
    }

    long[] drainSorted() {
      List<Long> all = new ArrayList<>();
      Long n;
      while ((n = nanos.poll()) != null) {
        all.add(n);
      }
      return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  /** Held so that the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int namespaces = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    CountingDispatcher dispatcher = new CountingDispatcher();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // The mock server keeps every request it answered; drop them so they do not count as heap.
    AtomicBoolean running = new AtomicBoolean(true);
    Thread drainer = new Thread(() -> {
      while (running.get()) {
        try {
          server.takeRequest(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "request-log-drainer");
    drainer.setDaemon(true);
    drainer.start();

    KubernetesClient driver = client(server, DRIVER_AGENT);
    try (InputStream crd = new FileInputStream("crds/appstacks.appstack.io-v1.yml")) {
      driver.load(crd).create();
    }
    for (int i = 0; i < namespaces; i++) {
      driver.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns(i)).endMetadata().build())
          .create();
    }

    Clock clock = Clock.systemUTC();
    OperatorMetrics operatorMetrics = new OperatorMetrics(new SimpleMeterRegistry());
    // As OperatorBeans builds it; nothing listens on the discard port.
    MetricsCollector collector = new MetricsCollector(clock,
        e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
        operatorMetrics);
    Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), collector,
        new DefaultQueries(Duration.ofMinutes(2), Duration.ofMinutes(5)), URI.create("http://127.0.0.1:9"));

    KubernetesClient operatorClient = client(server, null);
    ReconcileTimer timer = new ReconcileTimer();
    Operator operator = new Operator(o -> o.withKubernetesClient(operatorClient)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withUseSSAToPatchPrimaryResource(false)
        .withMetrics(timer)
        .withCloseClientOnStop(true));
    operator.register(new AppStackReconciler(clock, autoscaler, operatorClient, operatorMetrics));

    long start = System.nanoTime();
    operator.start();
    IntStream.range(0, stacks).parallel().forEach(i -> driver.resource(new AppStack(ns(i % namespaces),
        "stack-" + i, spec(i))).create());
    long created = System.nanoTime();
    System.out.printf("created %d AppStacks in %.1fs%n", stacks, (created - start) / 1e9);

    int ready = 0;
    long lastReport = 0;
    while (ready < stacks) {
      int rolled = rollOutAll(driver);
      ready = readyCount(driver);
      if (System.nanoTime() - lastReport > 10e9) {
        lastReport = System.nanoTime();
        System.out.printf("  %5.0fs: %d/%d Ready, rolled out %d Deployments, operator requests %d%n",
            (lastReport - start) / 1e9, ready, stacks, rolled, dispatcher.total.get());
      }
      if (ready < stacks) {
        Thread.sleep(500);
      }
    }
    long allReady = System.nanoTime();
    long[] untilReady = dispatcher.snapshot();
    long[] latenciesUntilReady = timer.drainSorted();
    System.out.printf("all %d Ready after %.1fs%n", stacks, (allReady - start) / 1e9);
    System.out.println("writes until Ready by kind: " + new java.util.TreeMap<>(dispatcher.writesByPath));

    // Steady state: the driver stays quiet except for one check at the end.
    dispatcher.writesByPath.clear();
    long queriesBefore = collector.queriesSent();
    Thread.sleep(Duration.ofSeconds(steadySeconds).toMillis());
    long[] afterSteady = dispatcher.snapshot();
    long queriesSteady = collector.queriesSent() - queriesBefore;
    long[] latenciesSteady = timer.drainSorted();
    int readyAfter = readyCount(driver);
    System.out.println("writes in steady window by kind: " + new java.util.TreeMap<>(dispatcher.writesByPath));

    long heapWithOperator = usedHeapAfterGc();
    operator.stop();
    operator = null;
    long heapWithoutOperator = usedHeapAfterGc();
    running.set(false);

    double polls = steadySeconds / (double) POLL.toSeconds();
    long[] all = concat(latenciesUntilReady, latenciesSteady);
    double mib = 1024.0 * 1024.0;
    double operatorHeap = (heapWithOperator - heapWithoutOperator) / mib;
    System.out.println();
    System.out.printf("%-52s %s%n", "measure", "value");
    row("AppStacks (API + 2 worker pools each)", String.format("%,d in %d namespaces", stacks, namespaces));
    row("time from start to all Ready", String.format("%.1f s", (allReady - start) / 1e9));
    row("operator API requests until all Ready", String.format("%,d", untilReady[0]));
    row("  of which writes", String.format("%,d (%.1f per stack)", untilReady[1], untilReady[1] / (double) stacks));
    row("steady window", String.format("%d s (%.1f polls of 15s)", steadySeconds, polls));
    row("operator API requests in steady window", String.format("%,d", afterSteady[0] - untilReady[0]));
    row("  of which writes (target 0)", String.format("%,d", afterSteady[1] - untilReady[1]));
    row("stacks still Ready after the window", String.format("%,d", readyAfter));
    row("heap after full GC, whole JVM", String.format("%.0f MiB", heapWithOperator / mib));
    row("heap after full GC, operator only (JVM - mock)", String.format("%.0f MiB (%.3f MiB per AppStack)",
        operatorHeap, operatorHeap / stacks));
    row("reconciles until Ready / in steady window", String.format("%,d / %,d", latenciesUntilReady.length,
        latenciesSteady.length));
    row("reconcile latency p50 / p99, until Ready", percentiles(latenciesUntilReady));
    row("reconcile latency p50 / p99, steady window", percentiles(latenciesSteady));
    row("reconcile latency p50 / p99, all", percentiles(all));
    row("Prometheus queries per poll (steady window)", String.format("%.1f (%,d queries)",
        queriesSteady / polls, queriesSteady));
    driver.close();
    server.destroy();
    System.exit(0);
  }

  private static void row(String measure, String value) {
    System.out.printf("%-52s %s%n", measure, value);
  }

  private static String ns(int i) {
    return "ns-" + i;
  }

  private static AppStackSpec spec(int i) {
    return AppStackSpec.ofApi(ApiSpec.of("ghcr.io/acme/api-" + i + ":1")).withWorkers(List.of(
        WorkerSpec.of("emails", "ghcr.io/acme/emails:1", "emails"),
        WorkerSpec.of("reports", "ghcr.io/acme/reports:1", "reports")));
  }

  private static KubernetesClient client(KubernetesMockServer server, String userAgent) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withNamespace("default");
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /** Plays the Deployment controller as TestCluster.rollOut does, for every Deployment not yet rolled out. */
  private static int rollOutAll(KubernetesClient client) {
    int rolled = 0;
    for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      var status = d.getStatus();
      if (status != null && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
          && Objects.equals(status.getReadyReplicas(), replicas)
          && Objects.equals(status.getUpdatedReplicas(), replicas)) {
        continue;
      }
      d.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas)
          .build());
      try {
        client.resource(d).updateStatus();
        rolled++;
      } catch (RuntimeException e) {
        // A concurrent update by the operator: next round.
      }
    }
    return rolled;
  }

  private static int readyCount(KubernetesClient client) {
    return (int) client.resources(AppStack.class).inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getStatus() != null && s.getStatus().condition("Ready")
            .map(c -> "True".equals(c.getStatus())).orElse(false))
        .count();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String percentiles(long[] sorted) {
    if (sorted.length == 0) {
      return "n/a";
    }
    return String.format("%.1f ms / %.1f ms", sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1e6,
        sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1e6);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    return all;
  }

  private ScaleBenchmark() {}
}
