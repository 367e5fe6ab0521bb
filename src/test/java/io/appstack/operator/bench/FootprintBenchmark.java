package io.appstack.operator.bench;

import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.PackagedOperator;
import io.appstack.operator.testing.Processes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's own footprint: the packaged jar ({@code target/quarkus-app}) started as the Helm chart and the
 * image start it ({@link PackagedOperator}), against a real control plane with the CRD installed and leader
 * election on, and no AppStack. For each run: wall time and CPU time (user + system, from /proc) from the
 * process start to Quarkus's "started in" line and to /q/health/ready answering 200; after {@code idle}
 * seconds at rest, the resident set (/proc/pid/status VmRSS) and the heap in use after a full GC (jcmd
 * GC.run, GC.heap_info); then SIGTERM: the time to exit and whether the Lease was released. Variants (extra
 * JVM options after the chart's) are run in turn, round by round, so that a change of load on the shared
 * machine falls on all of them; the table gives medians.
 *
 * <p>Run: {@code bench/footprint.sh [--runs 5] [--idle 60] [--set chartKey=value]... [name='[ENV=value;]... -XX:Flag ...']...};
 * with {@code --stacks N}, one run of the first variant with N AppStacks (see {@link #atScale}).
 */
public final class FootprintBenchmark {
  record Run(double startedWall, double startedCpu, double quarkusSays, double readyWall, double readyCpu,
      double idleCpu, double rssMiB, double heapMiB, double metaspaceMiB, int threads, double stopWall,
      boolean released, boolean releaseWarning, int exitCode) {}

  public static void main(String[] args) {
    BenchmarkMain.exitAfter(FootprintBenchmark::run, args);
  }

  static void run(String[] args) throws Exception {
    int runs = 5;
    int idle = 60;
    int stacks = 0;
    Map<String, String> set = new LinkedHashMap<>();
    Map<String, String> variants = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--idle" -> idle = Integer.parseInt(args[++i]);
        case "--stacks" -> stacks = Integer.parseInt(args[++i]);
        case "--set" -> {
          String[] kv = args[++i].split("=", 2);
          set.put(kv[0], kv[1]);
        }
        default -> {
          String[] kv = args[i].split("=", 2);
          variants.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
    }
    if (variants.isEmpty()) {
      variants.put("chart", "");
    }
    PackagedOperator.ChartSettings chart = PackagedOperator.ChartSettings.render(set);
    System.out.printf("jar: %s%nchart: limits %d MiB, %d CPU; JVM options %s%nload average at start: %s%n",
        PackagedOperator.JAR, chart.memoryLimitBytes() >> 20, chart.cpuLimit(), String.join(" ", chart.jvmOptions()),
        PackagedOperator.loadAverage());

    // A copy of the fast-jar (modification times kept, as a CDS archive requires): a build meanwhile changes nothing.
    Path app = Path.of("target/footprint/quarkus-app").toAbsolutePath();
    Processes.run(List.of("rm", "-rf", app.toString()), Map.of(), 60).requireSuccess("rm");
    Files.createDirectories(app.getParent());
    Processes.run(List.of("cp", "-a", PackagedOperator.APP_DIR.toString(), app.toString()), Map.of(), 60)
        .requireSuccess("cp");
    // An AppCDS archive holds for the jar paths it was written with: written again here, for the copy.
    Files.deleteIfExists(app.resolve("app-cds.jsa"));
    ControlPlane cluster = ControlPlane.dedicated();
    cluster.applyCrd(Path.of("crds/appstacks.appstack.io-v1.yml"));
    String namespace = cluster.namespace("footprint");
    Path logs = Files.createDirectories(Path.of("target/footprint"));
    if (stacks > 0) {
      try {
        atScale(app, cluster, chart, variants, stacks, idle, logs);
      } finally {
        cluster.close();
      }
      return;
    }
    Map<String, List<Run>> results = new LinkedHashMap<>();
    variants.keySet().forEach(v -> results.put(v, new ArrayList<>()));
    try (KubernetesClient admin = cluster.client("footprint-bench")) {
      for (int round = 1; round <= runs; round++) {
        for (var variant : variants.entrySet()) {
          String id = variant.getKey() + "-" + round;
          Variant v = Variant.parse(variant.getValue());
          Run r = once(app, cluster, admin, chart.withEnv(v.env()), v.options(), namespace, id,
              logs.resolve(id + ".log"), idle);
          results.get(variant.getKey()).add(r);
          System.out.printf("%-28s started %5.2f s (%5.2f CPU-s, Quarkus says %.2f s), ready %5.2f s (%5.2f CPU-s), "
              + "idle CPU %.2f s, RSS %5.1f MiB, heap %5.1f MiB, metaspace %4.1f MiB, %d threads, stop %4.2f s, "
              + "lease released %s%s, exit %d, load %s%n", id, r.startedWall, r.startedCpu, r.quarkusSays,
              r.readyWall, r.readyCpu, r.idleCpu, r.rssMiB, r.heapMiB, r.metaspaceMiB, r.threads, r.stopWall,
              r.released, r.releaseWarning ? " (\"Could not release\" logged)" : "", r.exitCode,
              PackagedOperator.loadAverage());
        }
      }
    } finally {
      cluster.close();
    }

    System.out.printf("%nmedians of %d runs (load average at end: %s)%n", runs, PackagedOperator.loadAverage());
    System.out.printf("%-14s %9s %9s %9s %9s %9s %9s %9s %9s %8s %8s %s%n", "variant", "start s", "start CPU",
        "ready s", "ready CPU", "idle CPU", "RSS MiB", "heap MiB", "meta MiB", "threads", "stop s", "lease released");
    for (var entry : results.entrySet()) {
      List<Run> rs = entry.getValue();
      System.out.printf("%-14s %9.2f %9.2f %9.2f %9.2f %9.2f %9.1f %9.1f %9.1f %8.0f %8.2f %d/%d%n", entry.getKey(),
          median(rs, Run::startedWall), median(rs, Run::startedCpu), median(rs, Run::readyWall),
          median(rs, Run::readyCpu), median(rs, Run::idleCpu), median(rs, Run::rssMiB), median(rs, Run::heapMiB),
          median(rs, Run::metaspaceMiB), median(rs, r -> (double) r.threads), median(rs, Run::stopWall),
          rs.stream().filter(r -> r.released && !r.releaseWarning).count(), rs.size());
    }
    variants.forEach((name, spec) -> System.out.printf("  %s: %s%n", name, spec));
  }

  /**
   * A variant: {@code ENV=value;} parts set the container's environment (as a chart value would, e.g.
   * {@code GC_CONTAINER_OPTIONS=-XX:+UseSerialGC}), the rest are JVM options after the launcher's.
   */
  record Variant(Map<String, String> env, List<String> options) {
    static Variant parse(String spec) {
      Map<String, String> env = new LinkedHashMap<>();
      List<String> options = new ArrayList<>();
      for (String part : spec.split(";")) {
        if (part.trim().matches("[A-Z][A-Z0-9_]*=.*")) {
          String[] kv = part.trim().split("=", 2);
          env.put(kv[0], kv[1]);
        } else if (!part.isBlank()) {
          options.addAll(List.of(part.trim().split("\\s+")));
        }
      }
      return new Variant(env, options);
    }
  }

  static Run once(Path app, ControlPlane cluster, KubernetesClient admin, PackagedOperator.ChartSettings chart,
      List<String> options, String namespace, String id, Path log, int idleSeconds) throws Exception {
    String lease = "footprint-" + id;
    try (PackagedOperator operator = PackagedOperator.start(app, cluster, chart, options, namespace, lease, id, log)) {
      double startedWall = -1;
      double startedCpu = -1;
      double readyWall = -1;
      double readyCpu = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (readyWall < 0) {
        if (!operator.process().isAlive()) {
          throw new IllegalStateException(id + " exited " + operator.process().exitValue() + ":\n" + operator.logText());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + " not ready after 180 s:\n" + operator.logText());
        }
        if (startedWall < 0 && operator.quarkusStartedIn() >= 0) {
          startedWall = operator.elapsedSeconds();
          startedCpu = operator.cpuSeconds();
        }
        if (operator.ready()) {
          readyWall = operator.elapsedSeconds();
          readyCpu = operator.cpuSeconds();
          if (startedWall < 0) {
            startedWall = readyWall;
            startedCpu = readyCpu;
          }
        } else {
          Thread.sleep(20);
        }
      }
      long leaseDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!id.equals(holder(admin, namespace, lease))) {
        if (System.nanoTime() > leaseDeadline) {
          throw new IllegalStateException(id + " did not take the Lease:\n" + operator.logText());
        }
        Thread.sleep(100);
      }
      double rss = 0;
      double heap = 0;
      double idleCpu = 0;
      double metaspace = 0;
      int threads = 0;
      if (idleSeconds > 0) {
        double readyAt = operator.elapsedSeconds();
        double cpuAt = operator.cpuSeconds();
        Thread.sleep(idleSeconds * 1000L);
        idleCpu = operator.cpuSeconds() - cpuAt;
        rss = operator.rssKiB() / 1024.0;
        threads = (int) operator.statusField("Threads");
        heap = operator.liveHeapKiB() / 1024.0;
        metaspace = metaspaceKiB(operator.jcmd("GC.heap_info")) / 1024.0;
      }
      double stopAt = operator.elapsedSeconds();
      int exit = operator.terminate(Duration.ofSeconds(30));
      double stopWall = operator.elapsedSeconds() - stopAt;
      Lease after = admin.leases().inNamespace(namespace).withName(lease).get();
      boolean released = after != null && (after.getSpec().getHolderIdentity() == null
          || after.getSpec().getHolderIdentity().isEmpty()
          || Integer.valueOf(1).equals(after.getSpec().getLeaseDurationSeconds()));
      boolean warning = operator.logText().contains("Could not release");
      return new Run(startedWall, startedCpu, operator.quarkusStartedIn(), readyWall, readyCpu, idleCpu, rss, heap,
          metaspace, threads, stopWall, released, warning, exit);
    }
  }

  /**
   * {@code stacks} AppStacks ({@link ScaleBenchmark#spec}, 10 pods each, in 10 namespaces) created once the packaged
   * operator (the first variant) leads; once all are Ready and {@code idle} seconds later: RSS, live heap,
   * CPU in that window. One run: a footprint, not a time.
   */
  static void atScale(Path app, ControlPlane cluster, PackagedOperator.ChartSettings chart,
      Map<String, String> variants, int stacks, int idle, Path logs) throws Exception {
    var variant = variants.entrySet().iterator().next();
    Variant v = Variant.parse(variant.getValue());
    String id = variant.getKey() + "-" + stacks;
    try (KubernetesClient admin = cluster.client("footprint-bench");
        PackagedOperator operator = PackagedOperator.start(app, cluster, chart.withEnv(v.env()), v.options(),
            "default", "footprint-" + id, id, logs.resolve(id + ".log"))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (!id.equals(holder(admin, "default", "footprint-" + id))) {
        if (!operator.process().isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(id + " did not take the Lease:\n" + operator.logText());
        }
        Thread.sleep(200);
      }
      double rssAtStart = operator.rssKiB() / 1024.0;
      List<String> namespaces = java.util.stream.IntStream.range(0, 10).mapToObj(i -> cluster.namespace("scale"))
          .toList();
      java.util.stream.IntStream.range(0, stacks).parallel().forEach(i -> {
        String ns = namespaces.get(i % namespaces.size());
        for (String set : List.of("redis", "postgres")) {
          ControlPlane.volumeFor(admin, ns, "data-stack-" + i + "-" + set + "-0");
        }
        admin.resource(new io.appstack.operator.api.AppStack(ns, "stack-" + i, ScaleBenchmark.spec(i))).create();
      });
      int ready = 0;
      long maxRss = 0;
      long lastReport = 0;
      long lastHeap = System.nanoTime();
      long readyDeadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
      while (ready < stacks && System.nanoTime() < readyDeadline) {
        if (!operator.process().isAlive()) {
          throw new IllegalStateException(id + " exited " + operator.process().exitValue() + " with " + ready
              + " stacks Ready, RSS at most " + (maxRss >> 10) + " MiB:\n" + PackagedOperator.tail(operator.log()));
        }
        maxRss = Math.max(maxRss, operator.rssKiB());
        ready = ControlPlaneScaleBenchmark.readyCount(admin);
        if (System.nanoTime() - lastReport > 30e9) {
          lastReport = System.nanoTime();
          System.out.printf("  %,d/%,d Ready, RSS %d MiB, CPU %.0f s, load %s%n", ready, stacks,
              operator.rssKiB() >> 10, operator.cpuSeconds(), PackagedOperator.loadAverage());
        }
        if (System.nanoTime() - lastHeap > 300e9) {
          lastHeap = System.nanoTime();
          System.out.printf("  %,d/%,d Ready: live heap after full GC %.1f MiB, RSS %d MiB, %s%n", ready, stacks,
              operator.liveHeapKiB() / 1024.0, operator.rssKiB() >> 10, objectCounts(admin));
        }
        Thread.sleep(2000);
      }
      double cpuAtReady = operator.cpuSeconds();
      double rssAtReady = operator.rssKiB() / 1024.0;
      long end = System.nanoTime() + Duration.ofSeconds(idle).toNanos();
      while (System.nanoTime() < end) {
        maxRss = Math.max(maxRss, operator.rssKiB());
        Thread.sleep(1000);
      }
      double steadyCpu = operator.cpuSeconds() - cpuAtReady;
      double rss = operator.rssKiB() / 1024.0;
      int threads = (int) operator.statusField("Threads");
      double heap = operator.liveHeapKiB() / 1024.0;
      String heapInfo = operator.jcmd("GC.heap_info");
      System.out.printf("%n%s: %,d of %,d AppStacks Ready (%,d pods Running; at most 40 minutes waited), %s%n", id,
          ControlPlaneScaleBenchmark.readyCount(admin), stacks, ControlPlaneScaleBenchmark.runningPods(admin),
          objectCounts(admin));
      System.out.printf("RSS before the stacks %.1f MiB; at all Ready %.1f MiB; after %d s at rest %.1f MiB; "
          + "highest seen %.1f MiB%n", rssAtStart, rssAtReady, idle, rss, maxRss / 1024.0);
      System.out.printf("live heap after full GC %.1f MiB, metaspace %.1f MiB, %d threads, CPU at rest %.1f s in %d s "
          + "(load %s)%n%s%n", heap, metaspaceKiB(heapInfo) / 1024.0, threads, steadyCpu, idle,
          PackagedOperator.loadAverage(), heapInfo);
      System.out.println("largest classes on the heap (jcmd GC.class_histogram):");
      operator.jcmd("GC.class_histogram").lines().limit(25).forEach(System.out::println);
      String dump = System.getProperty("footprint.heapDump");
      if (dump != null) { // for a heap analyser: -Dfootprint.heapDump=/tmp/operator.hprof
        operator.jcmd("GC.heap_dump", Path.of(dump).toAbsolutePath().toString());
        System.out.println("heap dump: " + dump);
      }
    }
  }

  /** How many of the kinds the operator caches exist (its informers hold them). */
  static String objectCounts(KubernetesClient admin) {
    return String.format("%,d Deployments, %,d StatefulSets, %,d Services, %,d Secrets, %,d NetworkPolicies",
        admin.apps().deployments().inAnyNamespace().list().getItems().size(),
        admin.apps().statefulSets().inAnyNamespace().list().getItems().size(),
        admin.services().inAnyNamespace().list().getItems().size(),
        admin.secrets().inAnyNamespace().list().getItems().size(),
        admin.network().networkPolicies().inAnyNamespace().list().getItems().size());
  }

  static String holder(KubernetesClient admin, String namespace, String lease) {
    Lease l = admin.leases().inNamespace(namespace).withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  /** "Metaspace       used 50000K, committed 51000K, reserved ..." */
  static long metaspaceKiB(String heapInfo) {
    var m = java.util.regex.Pattern.compile("Metaspace\\s+used (\\d+)K").matcher(heapInfo);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  static double median(List<Run> runs, Function<Run, Double> value) {
    return PackagedOperator.median(runs.stream().map(value).toList());
  }

  private FootprintBenchmark() {}
}
