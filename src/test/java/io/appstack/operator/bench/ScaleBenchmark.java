package io.appstack.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.ManagedPrimary;
import io.appstack.operator.api.data.PgBouncerSpec;
import io.appstack.operator.api.data.PrimarySpec;
import io.appstack.operator.api.data.ReadReplicasSpec;
import io.appstack.operator.api.data.RedisMode;
import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.api.data.Toggle;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.AppStackReconciler;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N AppStacks against fabric8's mock API server in CRUD mode, with the operator run in-process on
 * plain JOSDK (no Quarkus). Each stack: API, two worker pools, a standalone Redis, a managed PostgreSQL
 * primary and PgBouncer in front of it (no read replicas).
 *
 * <p>The mock server runs in a child JVM ({@link MockApiServer}), so this JVM's heap is the operator's
 * (plus this driver's small client). This program plays the StatefulSet, Deployment and Job controllers
 * (marks StatefulSets ready, Deployments rolled out, Jobs complete) until every stack is Ready, then
 * watches a steady-state window without touching anything. Prometheus is unreachable
 * (http://127.0.0.1:9), so every stack holds with MetricsAvailable=False.
 *
 * <p>Reports: time to all Ready, the operator's API requests until then (total and writes), its writes
 * in the steady window (target 0), heap after a full GC with the operator running (target under
 * 512 MiB for 1,000 stacks), reconcile latency p50/p99 and Prometheus queries per poll.
 *
 * <p>Run: {@code bench/scale.sh [stacks=1000] [steadySeconds=60] [namespaces=10]}; the mock JVM's heap
 * limit is {@code -Dbench.mockXmx} (default 4g).
 */
public final class ScaleBenchmark {
  private static final String DRIVER_AGENT = MockApiServer.DRIVER_AGENT;
  private static final Duration POLL = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** The mock JVM's counters of the operator's requests. */
  record Counts(long total, long writes, long driver, Map<String, Long> requestsByKind) {
    static final Counts ZERO = new Counts(0, 0, 0, Map.of());

    /** Requests since {@code before} by method and kind; only writes unless {@code reads}. */
    Map<String, Long> kindsSince(Counts before, boolean reads) {
      Map<String, Long> diff = new TreeMap<>();
      requestsByKind.forEach((k, v) -> {
        long d = v - before.requestsByKind.getOrDefault(k, 0L);
        if (d != 0 && (reads || !k.startsWith("GET "))) {
          diff.put(k, d);
        }
      });
      return diff;
    }
  }

  /** The mock API server's child JVM. */
  static final class MockProcess implements AutoCloseable {
    final Process process;
    final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    MockProcess(String xmx) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"),
          MockApiServer.class.getName())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String found = null;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(MockApiServer.URL_PREFIX)) {
          found = line.substring(MockApiServer.URL_PREFIX.length()).trim();
          break;
        }
        System.out.println("mock: " + line);
      }
      if (found == null) {
        throw new IOException("the mock API server exited before printing its URL");
      }
      url = found;
      Thread copier = new Thread(() -> out.lines().forEach(l -> System.out.println("mock: " + l)), "mock-stdout");
      copier.setDaemon(true);
      copier.start();
    }

    Counts counts() throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/$", "") + MockApiServer.COUNTS_PATH))
          .header("User-Agent", DRIVER_AGENT).GET().build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("counts: HTTP " + response.statusCode() + " " + response.body());
      }
      return JSON.readValue(response.body(), Counts.class);
    }

    @Override
    public void close() throws InterruptedException {
      try {
        process.getOutputStream().close(); // the mock exits when its stdin closes
      } catch (IOException e) {
        // already gone
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int namespaces = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    MockProcess mock = new MockProcess(System.getProperty("bench.mockXmx", "4g"));
    System.out.println("mock API server (pid " + mock.process.pid() + ") at " + mock.url);

    KubernetesClient driver = client(mock.url, DRIVER_AGENT);
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

    KubernetesClient operatorClient = client(mock.url, null);
    ReconcileTimer timer = new ReconcileTimer();
    Operator operator = new Operator(o -> o.withKubernetesClient(operatorClient)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withUseSSAToPatchPrimaryResource(false)
        .withMetrics(timer)
        .withCloseClientOnStop(true));
    operator.register(new AppStackReconciler(clock, autoscaler, operatorClient, operatorMetrics));

    long start = System.nanoTime();
    long[] cpuAtStart = cpu(mock);
    operator.start();
    IntStream.range(0, stacks).parallel().forEach(i -> driver.resource(new AppStack(ns(i % namespaces),
        "stack-" + i, spec(i))).create());
    long created = System.nanoTime();
    System.out.printf("created %d AppStacks in %.1fs%n", stacks, (created - start) / 1e9);

    int ready = 0;
    long lastReport = 0;
    int[] played = new int[3];
    while (ready < stacks) {
      played[0] += readyAll(driver);
      played[1] += rollOutAll(driver);
      played[2] += completeAll(driver);
      ready = readyCount(driver);
      if (System.nanoTime() - lastReport > 10e9) {
        lastReport = System.nanoTime();
        System.out.printf("  %5.0fs: %d/%d Ready; so far made ready %d StatefulSets, rolled out %d Deployments, "
            + "completed %d Jobs; operator requests %,d%n", (lastReport - start) / 1e9, ready, stacks,
            played[0], played[1], played[2], mock.counts().total());
      }
      if (ready < stacks) {
        Thread.sleep(1000);
      }
    }
    long allReady = System.nanoTime();
    long[] cpuAtReady = cpu(mock);
    Counts untilReady = mock.counts();
    long[] latenciesUntilReady = timer.drainSorted();
    System.out.printf("all %d Ready after %.1fs (made ready %d StatefulSets, rolled out %d Deployments, "
        + "completed %d Jobs)%n", stacks, (allReady - start) / 1e9, played[0], played[1], played[2]);
    System.out.println("writes until Ready by kind: " + untilReady.kindsSince(Counts.ZERO, false));
    String tierAtReady = dataTierUp(driver, stacks, namespaces);
    System.out.println("data tier at all Ready: " + tierAtReady);
    System.out.println("objects: " + objectCounts(driver));
    long heapAtReady = usedHeapAfterGc();

    // Steady state: the driver stays quiet except for the checks at the end.
    long queriesBefore = collector.queriesSent();
    Thread.sleep(Duration.ofSeconds(steadySeconds).toMillis());
    Counts afterSteady = mock.counts();
    long[] cpuAfterSteady = cpu(mock);
    long queriesSteady = collector.queriesSent() - queriesBefore;
    long[] latenciesSteady = timer.drainSorted();
    System.out.println("requests in steady window by kind: " + afterSteady.kindsSince(untilReady, true));
    int readyAfter = readyCount(driver);
    String tierAfter = dataTierUp(driver, stacks, namespaces);

    // The operator's JVM: informer caches, reconciler state, JOSDK, plus this driver's client.
    long heap = usedHeapAfterGc();

    double polls = steadySeconds / (double) POLL.toSeconds();
    long[] all = concat(latenciesUntilReady, latenciesSteady);
    double mib = 1024.0 * 1024.0;
    System.out.println();
    System.out.printf("%-52s %s%n", "measure", "value");
    row("AppStacks (API, 2 worker pools, Redis, PgBouncer)", String.format("%,d in %d namespaces", stacks, namespaces));
    row("time from start to all Ready", String.format("%.1f s (creating the AppStacks: %.1f s)",
        (allReady - start) / 1e9, (created - start) / 1e9));
    row("operator API requests until all Ready", String.format("%,d", untilReady.total()));
    row("  of which writes", String.format("%,d (%.1f per stack)", untilReady.writes(),
        untilReady.writes() / (double) stacks));
    row("CPU until all Ready: operator JVM / mock JVM", cpuSince(cpuAtStart, cpuAtReady));
    row("data tier up at all Ready", tierAtReady);
    row("steady window", String.format("%d s (%.1f polls of 15s)", steadySeconds, polls));
    row("operator API requests in steady window", String.format("%,d (%.1f/s)",
        afterSteady.total() - untilReady.total(), (afterSteady.total() - untilReady.total()) / (double) steadySeconds));
    row("  of which writes (target 0)", String.format("%,d", afterSteady.writes() - untilReady.writes()));
    row("CPU in steady window: operator JVM / mock JVM", cpuSince(cpuAtReady, cpuAfterSteady));
    row("stacks still Ready after the window", String.format("%,d", readyAfter));
    row("data tier up after the window", tierAfter);
    row("heap after full GC, operator JVM, at all Ready", String.format("%.0f MiB", heapAtReady / mib));
    row("heap after full GC, operator JVM (target < 512 MiB)", String.format("%.0f MiB (%.3f MiB per AppStack)",
        heap / mib, heap / mib / stacks));
    row("reconciles until Ready / in steady window", String.format("%,d / %,d", latenciesUntilReady.length,
        latenciesSteady.length));
    row("reconcile latency p50 / p99, until Ready", percentiles(latenciesUntilReady));
    row("reconcile latency p50 / p99, steady window", percentiles(latenciesSteady));
    row("reconcile latency p50 / p99, all", percentiles(all));
    row("Prometheus queries per poll (steady window)", String.format("%.1f (%,d queries)",
        queriesSteady / polls, queriesSteady));

    operator.stop();
    driver.close();
    mock.close();
    System.exit(0);
  }

  private static void row(String measure, String value) {
    System.out.printf("%-52s %s%n", measure, value);
  }

  private static String ns(int i) {
    return "ns-" + i;
  }

  /**
   * API + two worker pools; a standalone Redis; a managed PostgreSQL primary (a StatefulSet) with
   * PgBouncer forced on and no read replicas. Everything else at its default (phase Auto, 15s poll).
   */
  static AppStackSpec spec(int i) {
    RedisSpec redis = new RedisSpec(RedisMode.Standalone, null, null, null, null, null, null);
    DatabaseSpec database = new DatabaseSpec(new PrimarySpec(null, new ManagedPrimary(null, null, null), null), null, null,
        new PgBouncerSpec(Toggle.Enabled, null, null, null, null, null, null, null),
        new ReadReplicasSpec(Toggle.Disabled, null, null), null, null);
    return new AppStackSpec(null, null, ApiSpec.of("ghcr.io/acme/api-" + i + ":1"), List.of(
        WorkerSpec.of("emails", "ghcr.io/acme/emails:1", "emails"),
        WorkerSpec.of("reports", "ghcr.io/acme/reports:1", "reports")),
        null, null, null, redis, database, null, null);
  }

  private static KubernetesClient client(String url, String userAgent) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
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
          && Objects.equals(status.getUpdatedReplicas(), replicas)
          && Objects.equals(status.getAvailableReplicas(), replicas)) {
        continue;
      }
      d.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas)
          .build());
      rolled += updateStatus(client, d);
    }
    return rolled;
  }

  /** Plays the StatefulSet controller as DataTierReconcilerTest.readyStatefulSets does: every pod ready. */
  private static int readyAll(KubernetesClient client) {
    int made = 0;
    for (StatefulSet set : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
      var status = set.getStatus();
      if (status != null && Objects.equals(status.getObservedGeneration(), set.getMetadata().getGeneration())
          && Objects.equals(status.getReadyReplicas(), replicas)
          && Objects.equals(status.getReplicas(), replicas)) {
        continue;
      }
      set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
          .withReplicas(replicas).withReadyReplicas(replicas).withCurrentReplicas(replicas)
          .withUpdatedReplicas(replicas).withAvailableReplicas(replicas).build());
      made += updateStatus(client, set);
    }
    return made;
  }

  /** Plays the Job controller: every Job succeeds (the stacks here run none; a Redis cluster would). */
  private static int completeAll(KubernetesClient client) {
    int done = 0;
    for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
      if (job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() >= 1) {
        continue;
      }
      job.setStatus(new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder()
          .withType("Complete").withStatus("True").build()).build());
      done += updateStatus(client, job);
    }
    return done;
  }

  private static int updateStatus(KubernetesClient client, HasMetadata resource) {
    try {
      client.resource(resource).updateStatus();
      return 1;
    } catch (RuntimeException e) {
      return 0; // a concurrent update by the operator: next round
    }
  }

  private static int readyCount(KubernetesClient client) {
    return (int) client.resources(AppStack.class).inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getStatus() != null && s.getStatus().condition("Ready")
            .map(c -> "True".equals(c.getStatus())).orElse(false))
        .count();
  }

  /**
   * How many stacks have their whole data tier up: Redis and PostgreSQL StatefulSets with every pod
   * ready, the PgBouncer Deployment available, and the connection Secret pointing at PgBouncer and the
   * standalone Redis.
   */
  private static String dataTierUp(KubernetesClient client, int stacks, int namespaces) {
    Map<String, StatefulSet> sets = byKey(client.apps().statefulSets().inAnyNamespace().list().getItems());
    Map<String, Deployment> deployments = byKey(client.apps().deployments().inAnyNamespace().list().getItems());
    Map<String, Map<String, String>> connections = client.secrets().inAnyNamespace()
        .withLabel("app.kubernetes.io/component", "connections").list().getItems().stream()
        .collect(Collectors.toMap(ScaleBenchmark::key, s -> decode(s.getData())));
    int redis = 0;
    int postgres = 0;
    int pgbouncer = 0;
    int routed = 0;
    for (int i = 0; i < stacks; i++) {
      String prefix = ns(i % namespaces) + "/stack-" + i;
      redis += readySet(sets.get(prefix + "-redis")) ? 1 : 0;
      postgres += readySet(sets.get(prefix + "-postgres")) ? 1 : 0;
      Deployment bouncer = deployments.get(prefix + "-pgbouncer");
      pgbouncer += bouncer != null && bouncer.getStatus() != null && bouncer.getStatus().getAvailableReplicas() != null
          && bouncer.getStatus().getAvailableReplicas() >= bouncer.getSpec().getReplicas() ? 1 : 0;
      Map<String, String> c = connections.get(prefix + "-connections");
      routed += c != null && "pgbouncer".equals(c.get("DATABASE_VIA")) && "standalone".equals(c.get("REDIS_MODE"))
          ? 1 : 0;
    }
    return String.format("Redis %,d, PostgreSQL %,d, PgBouncer %,d, apps routed to both %,d (of %,d)",
        redis, postgres, pgbouncer, routed, stacks);
  }

  private static boolean readySet(StatefulSet set) {
    return set != null && set.getStatus() != null && set.getStatus().getReadyReplicas() != null
        && set.getStatus().getReadyReplicas() >= set.getSpec().getReplicas();
  }

  private static <T extends HasMetadata> Map<String, T> byKey(List<T> items) {
    return items.stream().collect(Collectors.toMap(ScaleBenchmark::key, Function.identity()));
  }

  private static String key(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> values = new TreeMap<>();
    if (data != null) {
      data.forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return values;
  }

  /** The children in the mock's store, by kind (Events are not stored: see MockApiServer). */
  private static Map<String, Integer> objectCounts(KubernetesClient client) {
    Map<String, Integer> counts = new TreeMap<>();
    counts.put("Deployment", client.apps().deployments().inAnyNamespace().list().getItems().size());
    counts.put("StatefulSet", client.apps().statefulSets().inAnyNamespace().list().getItems().size());
    counts.put("Service", client.services().inAnyNamespace().list().getItems().size());
    counts.put("Secret", client.secrets().inAnyNamespace().list().getItems().size());
    counts.put("PodDisruptionBudget", client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()
        .size());
    counts.put("NetworkPolicy", client.network().v1().networkPolicies().inAnyNamespace().list().getItems().size());
    counts.put("Job", client.batch().v1().jobs().inAnyNamespace().list().getItems().size());
    return counts;
  }

  /** CPU time so far, ns: this JVM (operator and driver), the mock's JVM. */
  private static long[] cpu(MockProcess mock) {
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    long child = mock.process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    return new long[] {self, child};
  }

  private static String cpuSince(long[] before, long[] after) {
    return String.format("%.0f s / %.0f s", (after[0] - before[0]) / 1e9, (after[1] - before[1]) / 1e9);
  }

  /**
   * Live heap: what the heap pools held right after a full GC ({@code System.gc()}), as the collector
   * reports it. Reading the heap's current use instead would add whatever the running operator
   * allocated since (up to 100 MiB within 200 ms at 1,000 stacks).
   */
  static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  static String percentiles(long[] sorted) {
    if (sorted.length == 0) {
      return "n/a";
    }
    return String.format("%.1f ms / %.1f ms", sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1e6,
        sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1e6);
  }

  static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    return all;
  }

  private ScaleBenchmark() {}
}
