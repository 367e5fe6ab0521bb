package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.status.ScalingStatus.DecisionRecord;
import io.appstack.operator.testing.FreePort;
import io.appstack.operator.testing.Processes;
import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.RedisServers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The example app (examples/node-bullmq) for real on loopback: its Node.js API and BullMQ workers on a real Redis,
 * a real Prometheus scraping the API's /metrics (BullMQ's own export) with the labels Kubernetes discovery gives a
 * pod, and the operator on the real control plane sizing the worker pool from the bullmq preset. The test plays the
 * kubelet: it keeps as many worker processes running as the pool's Deployment asks for. Jobs are enqueued, the depth
 * rises in Prometheus, the operator scales the pool up, the workers drain the queue, and the pool scales down.
 */
@Tag(ControlPlaneTests.TAG)
class ExampleAppTest {
  static final Path APP = Path.of("examples/node-bullmq");
  static final Path NODE = Path.of("/usr/bin/node");
  static final String QUEUE = "mail";

  static ClusterStacks stacks;
  static RedisServers redis;
  static PrometheusServer prometheus;
  static Process api;
  static int apiPort;
  static String redisUrl;
  static Path logs;
  static final Deque<Process> workers = new ArrayDeque<>();
  static final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    Processes.requireBinary(NODE, "nodejs");
    if (!Files.isDirectory(APP.resolve("node_modules/bullmq"))) {
      throw new IllegalStateException(APP + "/node_modules is missing: run `make example-deps` (.ci/run does)");
    }
    logs = Files.createTempDirectory(Path.of("target"), "example-");
    redis = new RedisServers();
    var node = redis.node(false, "64mb", "noeviction");
    String config = "bind 127.0.0.1\nport " + node.port() + "\ndir " + node.dir() + "\nsave \"\"\nappendonly no\n"
        + "requirepass example-pw\nmaxmemory-policy noeviction\n";
    var server = redis.start(node, config, "example-pw");
    // As the operator's connection Secret writes it.
    redisUrl = "redis://:example-pw@127.0.0.1:" + server.port() + "/0";

    apiPort = FreePort.pick();
    api = Processes.start(List.of(NODE.toString(), APP.resolve("api.js").toAbsolutePath().toString()), Map.of("PORT", String.valueOf(apiPort),
        "REDIS_URL", redisUrl, "REDIS_MODE", "standalone", "QUEUES", QUEUE), logs.resolve("api.log"));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> get("/health/ready") == 200);

    stacks = new ClusterStacks("example");
    // The API's metrics as the Prometheus Operator's PodMonitor (or the kubernetes-pods job) labels them.
    prometheus = PrometheusServer.scraping(Map.of(apiPort, Map.of("namespace", stacks.ns,
        "pod", "shop-api-5f6b7c8d9-abcde", "container", "api")));
    stacks.startOperator(prometheus.url());
  }

  @AfterAll
  static void stop() {
    kubelet.shutdownNow();
    synchronized (workers) {
      workers.forEach(Processes::stop);
    }
    Processes.stop(api);
    if (prometheus != null) {
      prometheus.close();
    }
    if (stacks != null) {
      stacks.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static int get(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static void enqueue(int count, int durationMs) throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
        + "/jobs")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + count + ", \"durationMs\": " + durationMs + "}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }

  /** Waiting jobs of the queue, as BullMQ's export on the API's /metrics says. */
  static double depthFromTheApi() throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("bullmq_job_count\\{queue=\"" + QUEUE + "\", state=\"waiting\"[^}]*} (\\d+)")
        .matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Keeps as many worker processes as the Deployment asks for: SIGTERM to the newest when fewer are wanted. */
  static void runWorkers() {
    Deployment pool = stacks.get(Deployment.class, "shop-worker-mail");
    int wanted = pool == null || pool.getSpec().getReplicas() == null ? 0 : pool.getSpec().getReplicas();
    synchronized (workers) {
      workers.removeIf(p -> !p.isAlive());
      while (workers.size() < wanted) {
        workers.push(Processes.start(List.of(NODE.toString(), APP.resolve("worker.js").toAbsolutePath().toString()),
            Map.of("REDIS_URL", redisUrl, "REDIS_MODE", "standalone", "QUEUE_NAME", QUEUE, "WORKER_CONCURRENCY", "1"),
            logs.resolve("worker-" + System.nanoTime() + ".log")));
      }
      while (workers.size() > wanted) {
        Processes.stop(workers.pop());
      }
    }
  }

  static int running() {
    synchronized (workers) {
      return (int) workers.stream().filter(Process::isAlive).count();
    }
  }

  @Test
  void jobsScaleTheBullmqPoolUpFromPrometheusAndItDrainsAndScalesDown() throws Exception {
    stacks.create("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop}
        spec:
          phase: Small
          autoscaling:
            pollInterval: 2s
            rateLimits: {upPeriod: 2s, downPercent: 50, downPeriod: 2s}
          limits: {workerMinReplicas: 1}
          api: {image: appstack/appstack-example:0.1.0}
          workers:
            - name: mail
              image: appstack/appstack-example:0.1.0
              command: [node, worker.js]
              queue: mail
              queueBackend: bullmq
              scaling:
                min: 1
                max: 6
                depthPerWorker: 50
                upFor: 0s
                downFor: 10s
        """);
    kubelet.scheduleWithFixedDelay(ExampleAppTest::runWorkers, 0, 500, TimeUnit.MILLISECONDS);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> running() == 1);

    // One worker at one job per 150 ms drains ~6.7 jobs/s: 600 jobs stay deep for far longer than a poll.
    enqueue(600, 150);
    assertThat(depthFromTheApi()).as("BullMQ's export on the API's /metrics").isGreaterThan(100);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> running() > 1);
    Deployment up = stacks.get(Deployment.class, "shop-worker-mail");
    assertThat(up.getSpec().getReplicas()).isGreaterThan(1);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> depthFromTheApi() == 0);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> stacks.get(Deployment.class, "shop-worker-mail").getSpec().getReplicas() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> running() == 1);

    List<DecisionRecord> decisions = stacks.stack("shop").getStatus().scaling().recentDecisions().stream()
        .filter(d -> d.component().equals("worker/mail")).toList();
    decisions.forEach(d -> System.out.println("example decision: " + d));
    assertThat(decisions).anySatisfy(d -> {
      assertThat(Integer.parseInt(d.to())).isGreaterThan(Integer.parseInt(d.from()));
      assertThat(d.reason()).contains("depth/worker");
    });
    assertThat(decisions).anySatisfy(d -> assertThat(Integer.parseInt(d.to())).isLessThan(Integer.parseInt(d.from())));
    // The pool's depth and the API's p95 (prom-client's histogram) came from the app; only the API's CPU is
    // missing, as no kubelet runs here to export cAdvisor's series.
    assertThat(stacks.condition("shop", "MetricsAvailable")).hasValueSatisfying(c -> assertThat(c.getMessage())
        .startsWith("api cpu: no data").doesNotContain("p95", "mail", "depth"));
  }
}
