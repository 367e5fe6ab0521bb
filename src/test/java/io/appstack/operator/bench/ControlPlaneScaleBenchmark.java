package io.appstack.operator.bench;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.reconcile.AppStackReconciler;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.reconcile.runtime.OperatorBeans;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.testing.AuditLog;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The scale benchmark on a real control plane: etcd, kube-apiserver, the real controllers and scheduler, and
 * kwok running every pod on one fake node. The same stacks as {@link ScaleBenchmark} (API, two worker pools,
 * a standalone Redis, a managed PostgreSQL primary, PgBouncer); the operator runs in this JVM on plain JOSDK
 * with server-side apply on, as production does, authenticated as a ServiceAccount (so API Priority and
 * Fairness treats it as it would in a cluster). Nothing plays a controller: the stacks become Ready when
 * their pods do. Requests are counted in the API server's audit log.
 *
 * <p>Run: {@code bench/scale-control-plane.sh [stacks=1000] [steadySeconds=60] [namespaces=10]}.
 */
public final class ControlPlaneScaleBenchmark {
  static final String OPERATOR_AGENT = "appstack-operator-bench";
  static final Duration POLL = Duration.ofSeconds(15);

  public static void main(String[] args) {
    BenchmarkMain.exitAfter(ControlPlaneScaleBenchmark::run, args);
  }

  static void run(String[] args) throws Exception {
    int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int namespaceCount = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    ControlPlane cluster = ControlPlane.dedicated();
    System.out.printf("control plane ready in %.1f s%n", cluster.startedIn().toMillis() / 1e3);
    KubernetesClient driver = cluster.client("appstack-bench-driver");
    cluster.applyCrd(java.nio.file.Path.of("crds/appstacks.appstack.io-v1.yml"));
    List<String> namespaces = IntStream.range(0, namespaceCount).mapToObj(i -> cluster.namespace("bench"))
        .toList();
    // Two volumes a stack (Redis, PostgreSQL), bound in advance: the control plane has no provisioner.
    IntStream.range(0, stacks).parallel().forEach(i -> {
      for (String set : List.of("redis", "postgres")) {
        String ns = namespaces.get(i % namespaceCount);
        ControlPlane.volumeFor(driver, ns, "data-stack-" + i + "-" + set + "-0");
      }
    });
    KubernetesClient operatorClient = cluster.clientWithToken(serviceAccountToken(driver), OPERATOR_AGENT);

    Clock clock = Clock.systemUTC();
    OperatorMetrics operatorMetrics = new OperatorMetrics(new SimpleMeterRegistry());
    Autoscaler autoscaler = OperatorBeans.newAutoscaler(clock, operatorMetrics, URI.create("http://127.0.0.1:9"),
        InProcessOperator.CPU_WINDOW, InProcessOperator.LATENCY_WINDOW);
    ScaleBenchmark.ReconcileTimer timer = new ScaleBenchmark.ReconcileTimer();
    Operator operator = new Operator(o -> o.withKubernetesClient(operatorClient)
        .withSSABasedCreateUpdateMatchForDependentResources(true)
        .withUseSSAToPatchPrimaryResource(true)
        .withMetrics(timer)
        .withCloseClientOnStop(true));
    operator.register(new AppStackReconciler(clock, autoscaler, operatorClient, operatorMetrics));

    AuditLog audit = cluster.auditLog();
    long mark = audit.mark();
    List<String> components = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");
    Map<String, Duration> cpuAtStart = cpu(cluster, components);
    long operatorCpuAtStart = operatorCpu();
    long start = System.nanoTime();
    operator.start();
    IntStream.range(0, stacks).parallel().forEach(i -> driver.resource(new AppStack(namespaces.get(i % namespaceCount),
        "stack-" + i, ScaleBenchmark.spec(i))).create());
    long created = System.nanoTime();
    System.out.printf("created %d AppStacks in %.1f s%n", stacks, (created - start) / 1e9);

    int ready = 0;
    long lastReport = 0;
    while (ready < stacks) {
      ready = readyCount(driver);
      if (System.nanoTime() - lastReport > 10e9) {
        lastReport = System.nanoTime();
        System.out.printf("  %5.0f s: %,d/%,d Ready, %,d pods Running%n", (lastReport - start) / 1e9, ready, stacks,
            runningPods(driver));
      }
      if (ready < stacks) {
        Thread.sleep(1000);
      }
    }
    long allReady = System.nanoTime();
    Map<String, Duration> cpuAtReady = cpu(cluster, components);
    long operatorCpuAtReady = operatorCpu();
    long markReady = audit.mark();
    List<AuditLog.Entry> untilReady = audit.since(mark, e -> e.userAgent().startsWith(OPERATOR_AGENT));
    long[] latenciesUntilReady = timer.drainSorted();
    long heapAtReady = ScaleBenchmark.usedHeapAfterGc();
    int pods = runningPods(driver);

    Thread.sleep(Duration.ofSeconds(steadySeconds).toMillis());
    Map<String, Duration> cpuAfterSteady = cpu(cluster, components);
    long operatorCpuAfterSteady = operatorCpu();
    List<AuditLog.Entry> steady = audit.since(markReady, e -> e.userAgent().startsWith(OPERATOR_AGENT));
    long[] latenciesSteady = timer.drainSorted();
    int readyAfter = readyCount(driver);
    long heap = ScaleBenchmark.usedHeapAfterGc();

    double mib = 1024.0 * 1024.0;
    List<AuditLog.Entry> writesUntilReady = untilReady.stream().filter(AuditLog.Entry::isWrite).toList();
    List<AuditLog.Entry> writesSteady = steady.stream().filter(AuditLog.Entry::isWrite).toList();
    System.out.println();
    System.out.println("writes until Ready by kind: " + byKind(writesUntilReady));
    System.out.println("writes in steady window by kind: " + byKind(writesSteady));
    System.out.println("refused (4xx/5xx) operator requests until Ready: " + untilReady.stream()
        .filter(e -> e.code() >= 400).collect(Collectors.groupingBy(e -> e.code() + " " + e.verb() + " "
            + e.resource(), TreeMap::new, Collectors.counting())));
    System.out.println();
    row("AppStacks (API, 2 worker pools, Redis, PostgreSQL, PgBouncer)",
        String.format("%,d in %d namespaces, %,d pods Running", stacks, namespaceCount, pods));
    row("time from start to all Ready", String.format("%.1f s (creating the AppStacks: %.1f s)",
        (allReady - start) / 1e9, (created - start) / 1e9));
    row("operator API requests until all Ready", String.format("%,d", untilReady.size()));
    row("  of which writes", String.format("%,d (%.1f per stack)", writesUntilReady.size(),
        writesUntilReady.size() / (double) stacks));
    row("CPU until all Ready: operator JVM (with driver)", String.format("%.0f s", (operatorCpuAtReady - operatorCpuAtStart) / 1e9));
    row("CPU until all Ready: control plane", cpuSince(cpuAtStart, cpuAtReady));
    row("steady window", String.format("%d s (%.1f polls of 15 s)", steadySeconds, steadySeconds / 15.0));
    row("operator API requests in steady window", String.format("%,d", steady.size()));
    row("  of which writes (target 0)", String.format("%,d", writesSteady.size()));
    row("CPU in steady window: operator JVM", String.format("%.1f s",
        (operatorCpuAfterSteady - operatorCpuAtReady) / 1e9));
    row("CPU in steady window: control plane", cpuSince(cpuAtReady, cpuAfterSteady));
    row("stacks still Ready after the window", String.format("%,d", readyAfter));
    row("heap after full GC, operator JVM, at all Ready", String.format("%.0f MiB", heapAtReady / mib));
    row("heap after full GC, operator JVM, after the window", String.format("%.0f MiB (%.3f MiB per AppStack)",
        heap / mib, heap / mib / stacks));
    row("reconcile latency p50 / p99, until Ready", ScaleBenchmark.percentiles(latenciesUntilReady));
    row("reconcile latency p50 / p99, steady window", ScaleBenchmark.percentiles(latenciesSteady));

    operator.stop();
    driver.close();
    cluster.close();
  }

  /** A ServiceAccount bound to cluster-admin: the operator's identity, subject to API Priority and Fairness. */
  static String serviceAccountToken(KubernetesClient admin) {
    admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("appstack-operator").endMetadata().build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("appstack-operator-bench").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin")
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName("appstack-operator").withNamespace("default").endSubject()
        .build()).create();
    return admin.serviceAccounts().inNamespace("default").withName("appstack-operator")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
        .getStatus().getToken();
  }

  static int readyCount(KubernetesClient client) {
    return (int) client.resources(AppStack.class).inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getStatus() != null && s.getStatus().condition("Ready")
            .map(c -> "True".equals(c.getStatus())).orElse(false))
        .count();
  }

  static int runningPods(KubernetesClient client) {
    return client.pods().inAnyNamespace().withField("status.phase", "Running").list().getItems().size();
  }

  static Map<String, Long> byKind(List<AuditLog.Entry> entries) {
    return entries.stream().collect(Collectors.groupingBy(e -> e.verb() + " " + e.resource()
        + (e.subresource().isEmpty() ? "" : "/" + e.subresource()), TreeMap::new, Collectors.counting()));
  }

  static Map<String, Duration> cpu(ControlPlane cluster, List<String> components) {
    Map<String, Duration> cpu = new java.util.LinkedHashMap<>();
    components.forEach(c -> cpu.put(c, cluster.cpu(c)));
    return cpu;
  }

  static String cpuSince(Map<String, Duration> before, Map<String, Duration> after) {
    List<String> parts = new ArrayList<>();
    after.forEach((component, total) -> parts.add(String.format("%s %.0f s", component,
        (total.toMillis() - before.get(component).toMillis()) / 1e3)));
    return String.join(", ", parts);
  }

  static long operatorCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void row(String measure, String value) {
    System.out.printf("%-62s %s%n", measure, value);
  }

  private ControlPlaneScaleBenchmark() {}
}
