package io.appstack.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}, what the image runs) started as the Helm
 * chart and the image start it: the chart's Deployment is rendered with its default values, its environment
 * is passed on, and the JVM options are the ones the image's launcher ({@code run-java.sh} of
 * ubi9/openjdk-17-runtime) derives from that environment and the Dockerfile's {@code JAVA_OPTS_APPEND}. The
 * container's limits are emulated with {@code -XX:MaxRAM} (what the JVM reads from the memory limit) and
 * {@code -XX:ActiveProcessorCount} (from the CPU limit). It connects to {@code cluster} with its admin
 * kubeconfig.
 */
public final class PackagedOperator implements AutoCloseable {
  public static final Path APP_DIR = Path.of("target/quarkus-app").toAbsolutePath();
  public static final Path JAR = APP_DIR.resolve("quarkus-run.jar");
  static final Path CHART = Path.of("helm-chart/appstack-operator");
  static final Path DOCKERFILE = Path.of("Dockerfile");
  /** Where the Dockerfile puts the fast-jar; mapped to {@link #APP_DIR} here. */
  static final String IMAGE_APP_DIR = "/deployments";
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  private final Process process;
  private final Path log;
  private final int port;
  private final long startedAtNanos;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The chart's Deployment as rendered with its default values (and {@code set}), and what it asks of the JVM. */
  public record ChartSettings(Map<String, String> env, long memoryLimitBytes, int cpuLimit, List<String> jvmOptions) {
    public static ChartSettings render(Map<String, String> set) {
      var template = new Helm(CHART).template().withName("appstack-operator").withNamespace("appstack-system");
      set.forEach(template::set);
      String manifests = template.call();
      Deployment deployment = null;
      for (String document : manifests.split("(?m)^---\\s*$")) {
        if (document.contains("kind: Deployment")) {
          deployment = Serialization.unmarshal(document, Deployment.class);
        }
      }
      if (deployment == null) {
        throw new AssertionError("the chart renders no Deployment");
      }
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      Map<String, String> env = new LinkedHashMap<>();
      for (EnvVar var : container.getEnv()) {
        if (var.getValue() != null) {
          env.put(var.getName(), var.getValue());
        }
      }
      Map<String, Quantity> limits = container.getResources().getLimits();
      long memory = Quantity.getAmountInBytes(limits.get("memory")).longValueExact();
      int cpus = Math.max(1, Quantity.getAmountInBytes(limits.get("cpu")).setScale(0, RoundingMode.CEILING)
          .intValueExact());
      return new ChartSettings(env, memory, cpus, RunJava.options(env, dockerfileEnv()));
    }

    /** These settings with {@code overrides} in the container's environment (GC_CONTAINER_OPTIONS, say). */
    public ChartSettings withEnv(Map<String, String> overrides) {
      Map<String, String> merged = new LinkedHashMap<>(env);
      merged.putAll(overrides);
      return new ChartSettings(merged, memoryLimitBytes, cpuLimit, RunJava.options(merged, dockerfileEnv()));
    }
  }

  /**
   * What ubi9/openjdk-17-runtime's {@code run-java.sh} passes to {@code java} (its {@code java-default-options}):
   * {@code JAVA_OPTS} replaces everything; otherwise the heap ratio, the GC options and {@code JAVA_OPTS_APPEND}.
   */
  public static final class RunJava {
    private RunJava() {}

    public static List<String> options(Map<String, String> chartEnv, Map<String, String> imageEnv) {
      Map<String, String> env = new LinkedHashMap<>(imageEnv);
      env.putAll(chartEnv);
      if (env.containsKey("JAVA_OPTS")) {
        return split(env.get("JAVA_OPTS"));
      }
      List<String> options = new ArrayList<>();
      String ratio = env.getOrDefault("JAVA_MAX_MEM_RATIO", "80.0");
      if (!ratio.equals("0")) {
        options.add("-XX:MaxRAMPercentage=" + ratio);
      }
      options.addAll(split(env.getOrDefault("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC")));
      options.add("-XX:MinHeapFreeRatio=" + env.getOrDefault("GC_MIN_HEAP_FREE_RATIO", "10"));
      options.add("-XX:MaxHeapFreeRatio=" + env.getOrDefault("GC_MAX_HEAP_FREE_RATIO", "20"));
      options.add("-XX:GCTimeRatio=" + env.getOrDefault("GC_TIME_RATIO", "4"));
      options.add("-XX:AdaptiveSizePolicyWeight=" + env.getOrDefault("GC_ADAPTIVE_SIZE_POLICY_WEIGHT", "90"));
      if (env.containsKey("GC_MAX_METASPACE_SIZE")) {
        options.add("-XX:MaxMetaspaceSize=" + env.get("GC_MAX_METASPACE_SIZE") + "m");
      }
      if (env.containsKey("GC_METASPACE_SIZE")) {
        options.add("-XX:MetaspaceSize=" + env.get("GC_METASPACE_SIZE") + "m");
      }
      options.add("-XX:+ExitOnOutOfMemoryError");
      options.addAll(split(env.getOrDefault("JAVA_OPTS_APPEND", "")));
      return options;
    }

    static List<String> split(String options) {
      return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
  }

  /** The Dockerfile's RUN instruction that writes the AppCDS archive (continuation lines joined), without "RUN". */
  public static String appCdsRunLine() {
    try {
      String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\n\\s*", "");
      Matcher m = Pattern.compile("(?m)^RUN (.*CdsTraining.*)$").matcher(joined);
      if (!m.find()) {
        throw new AssertionError("the Dockerfile has no RUN that writes an AppCDS archive");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the AppCDS archive into {@code appDir} as the image build does: the Dockerfile's own RUN line, its
   * {@code /deployments} being {@code appDir} and {@code java} this JDK's.
   */
  public static void writeAppCdsArchive(Path appDir) {
    String command = appCdsRunLine().replace(IMAGE_APP_DIR, appDir.toString());
    String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
    Processes.run(List.of("/bin/sh", "-c", command), Map.of("PATH", path), 180)
        .requireSuccess("the Dockerfile's AppCDS RUN line");
  }

  /** The Dockerfile's {@code ENV NAME="value"} lines. */
  static Map<String, String> dockerfileEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      Matcher m = Pattern.compile("(?m)^ENV\\s+([A-Z_]+)=\"([^\"]*)\"").matcher(Files.readString(DOCKERFILE));
      while (m.find()) {
        env.put(m.group(1), m.group(2));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  /**
   * Starts the jar with the chart's environment and JVM options, {@code extraJvmOptions} after them, the
   * lease {@code leaseName} in {@code leaseNamespace} and the identity {@code identity} (the pod name).
   */
  public static PackagedOperator start(ControlPlane cluster, ChartSettings chart, List<String> extraJvmOptions,
      String leaseNamespace, String leaseName, String identity, Path log) {
    return start(APP_DIR, cluster, chart, extraJvmOptions, leaseNamespace, leaseName, identity, log);
  }

  /** As above, from the fast-jar in {@code appDir} (a copy of {@link #APP_DIR}, say). */
  public static PackagedOperator start(Path appDir, ControlPlane cluster, ChartSettings chart,
      List<String> extraJvmOptions, String leaseNamespace, String leaseName, String identity, Path log) {
    Path jar = appDir.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: package the operator first (./mvnw -B package -DskipTests; `make test` runs verify)");
    }
    Path archive = appDir.resolve("app-cds.jsa");
    if (chart.jvmOptions().stream().anyMatch(o -> o.contains(IMAGE_APP_DIR + "/app-cds.jsa"))
        && (!Files.exists(archive) || olderThan(archive, jar))) {
      writeAppCdsArchive(appDir);
    }
    int port = Processes.freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-XX:MaxRAM=" + chart.memoryLimitBytes());
    command.add("-XX:ActiveProcessorCount=" + chart.cpuLimit());
    // The image's paths (/deployments/…) in the options point at appDir.
    chart.jvmOptions().forEach(o -> command.add(o.replace(IMAGE_APP_DIR + "/", appDir + "/")));
    command.addAll(extraJvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    Map<String, String> env = new LinkedHashMap<>(chart.env());
    env.put("KUBECONFIG", cluster.kubeconfig().toString());
    env.put("HOSTNAME", identity);
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("APPSTACK_LEADER_ELECTION_LEASE_NAMESPACE", leaseNamespace);
    env.put("APPSTACK_LEADER_ELECTION_LEASE_NAME", leaseName);
    try {
      Files.deleteIfExists(log);
      ProcessBuilder builder = new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      long begin = System.nanoTime();
      Process process = builder.start();
      return new PackagedOperator(process, log, port, begin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean olderThan(Path a, Path b) {
    try {
      return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) < 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PackagedOperator(Process process, Path log, int port, long startedAtNanos) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.startedAtNanos = startedAtNanos;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seconds since the process was started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startedAtNanos) / 1e9;
  }

  /** What Quarkus printed as its own start time ("started in X s"), once it has; -1 before. */
  public double quarkusStartedIn() {
    Matcher m = STARTED.matcher(logText());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Whether /q/health/ready answers 200. */
  public boolean ready() {
    return status("/q/health/ready") == 200;
  }

  public int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** User plus system CPU time of the process so far, in seconds (/proc/<pid>/stat). */
  public double cpuSeconds() {
    return cpuSeconds(pid());
  }

  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resident set size in KiB (/proc/<pid>/status VmRSS). */
  public long rssKiB() {
    return statusField("VmRSS");
  }

  public long statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code jcmd <pid> <command>} and returns its output. */
  public String jcmd(String... command) {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid())));
    line.addAll(List.of(command));
    return Processes.run(line, Map.of(), 60).requireSuccess("jcmd " + String.join(" ", command)).output();
  }

  /** The heap in use after a full GC, in KiB (jcmd GC.run, then GC.heap_info: the sum of the spaces' "used"). */
  public long liveHeapKiB() {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    // "def new generation   total 4864K, used 120K" / "tenured generation   total 10944K, used 9000K" /
    // "PSYoungGen      total 1536K, used 100K" / "ParOldGen       total 4096K, used 1000K"; not "Metaspace".
    Matcher m = Pattern.compile("(?m)^\\s*(\\S.*?)\\s+total \\d+K, used (\\d+)K").matcher(info);
    long used = 0;
    while (m.find()) {
      if (!m.group(1).startsWith("Metaspace") && !m.group(1).startsWith("class space")) {
        used += Long.parseLong(m.group(2));
      }
    }
    if (used == 0) {
      // G1: "garbage-first heap   total 65536K, used 20000K"
      throw new IllegalStateException("cannot read the heap from:\n" + info);
    }
    return used;
  }

  /** Sends SIGTERM (a pod's termination) and waits up to {@code timeout} for the exit; the exit code, or -1. */
  public int terminate(Duration timeout) {
    process.destroy();
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    Processes.stop(process);
  }

  /** The last lines of {@code log}. */
  public static String tail(Path log) {
    return Processes.tail(log);
  }

  /** Median of the values (the mean of the middle two for an even count). */
  public static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 1-, 5- and 15-minute load averages (/proc/loadavg). */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
