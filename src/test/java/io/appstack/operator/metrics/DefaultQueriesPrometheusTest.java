package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.testing.PrometheusServer;
import io.appstack.operator.testing.TestExporter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default queries against a real Prometheus scraping cAdvisor-, kube-state-metrics- and app-shaped
 * series for two stacks: one query answers for both, and each stack gets its own figure.
 */
class DefaultQueriesPrometheusTest {
  static TestExporter exporter;
  static PrometheusServer prometheus;
  static PrometheusClient client;

  @BeforeAll
  static void start() {
    exporter = new TestExporter();
    // shop: two API pods at 0.5 and 0.9 CPU with requests of 1 CPU each → 70%.
    cpu("shop-api-7d9f8b6c5d-abcde", 0.5);
    cpu("shop-api-7d9f8b6c5d-fghij", 0.9);
    // my-api-stack: a name containing "-api-", one pod at 0.25 of 0.5 → 50%.
    exporter.counterRate("container_cpu_usage_seconds_total{namespace=\"ns\",pod=\"my-api-stack-api-5f6b7c8d9-klmno\",container=\"api\"}", 0.25);
    exporter.gauge("kube_pod_container_resource_requests{namespace=\"ns\",pod=\"my-api-stack-api-5f6b7c8d9-klmno\",container=\"api\",resource=\"cpu\",unit=\"core\"}", 0.5);
    // A sidecar in the same pod does not count.
    exporter.counterRate("container_cpu_usage_seconds_total{namespace=\"ns\",pod=\"shop-api-7d9f8b6c5d-abcde\",container=\"istio-proxy\"}", 3);
    // Queue metrics exported by an API pod and a worker pod of shop: the same queue, so the max is used.
    exporter.gauge("appstack_queue_depth{namespace=\"ns\",pod=\"shop-api-7d9f8b6c5d-abcde\",queue=\"emails\"}", 4200);
    exporter.gauge("appstack_queue_depth{namespace=\"ns\",pod=\"shop-worker-emails-6c5d4b3a2-pqrst\",queue=\"emails\"}", 4100);
    exporter.gauge("appstack_queue_oldest_job_age_seconds{namespace=\"ns\",pod=\"shop-worker-emails-6c5d4b3a2-pqrst\",queue=\"emails\"}", 75);
    // p95: every request of shop falls in the (0.25, 0.5] bucket.
    for (String le : new String[] {"0.1", "0.25"}) {
      exporter.counterRate(bucket(le), 0);
    }
    for (String le : new String[] {"0.5", "1.0", "+Inf"}) {
      exporter.counterRate(bucket(le), 10);
    }
    // idle: the API exports its latency histogram but served no request.
    for (String le : new String[] {"0.5", "+Inf"}) {
      exporter.counterRate("http_server_requests_seconds_bucket{namespace=\"ns\",pod=\"idle-api-7d9f8b6c5d-abcde\",container=\"api\",le=\"" + le + "\"}", 0);
    }
    exporter.counterRate("http_server_requests_seconds_count{namespace=\"ns\",pod=\"idle-api-7d9f8b6c5d-abcde\",container=\"api\"}", 0);
    exporter.counterRate("http_server_requests_seconds_count{namespace=\"ns\",pod=\"shop-api-7d9f8b6c5d-abcde\",container=\"api\"}", 10);
    // BullMQ's own export, as Queue.exportPrometheusMetrics() writes it, from the API and a worker of node-shop.
    for (String pod : new String[] {"node-shop-api-7d9f8b6c5d-abcde", "node-shop-worker-mail-6c5d4b3a2-pqrst"}) {
      Map.of("waiting", 40, "prioritized", 2, "delayed", 500, "active", 3, "completed", 9000, "failed", 7, "paused", 0,
          "waiting-children", 1).forEach((state, n) -> exporter.gauge(
              "bullmq_job_count{namespace=\"ns\",pod=\"" + pod + "\",queue=\"mail\",state=\"" + state + "\"}", n));
    }
    // The Redis exporter beside node-shop's Redis: the length of two list keys.
    exporter.gauge("redis_key_size{namespace=\"ns\",pod=\"node-shop-redis-exporter-5f6b7c8d9-xyz12\",db=\"db0\","
        + "key=\"jobs:resize\"}", 17);
    exporter.gauge("redis_key_size{namespace=\"ns\",pod=\"node-shop-redis-exporter-5f6b7c8d9-xyz12\",db=\"db1\","
        + "key=\"jobs:resize\"}", 999);
    // node-shop's API exports prom-client's histogram name, every request in (0.1, 0.25]; a worker's histogram of the
    // same name (its own metrics server) must not count.
    for (String le : new String[] {"0.1", "0.25", "+Inf"}) {
      exporter.counterRate("http_request_duration_seconds_bucket{namespace=\"ns\",pod=\"node-shop-api-7d9f8b6c5d-abcde\","
          + "le=\"" + le + "\"}", "0.1".equals(le) ? 0 : 20);
      exporter.counterRate("http_request_duration_seconds_bucket{namespace=\"ns\",pod=\"node-shop-worker-mail-6c5d4b3a2-"
          + "pqrst\",le=\"" + le + "\"}", "+Inf".equals(le) ? 20 : 0);
    }
    exporter.counterRate("http_request_duration_seconds_count{namespace=\"ns\",pod=\"node-shop-api-7d9f8b6c5d-abcde\"}",
        20);
    // A hostile tenant's API pod: two of the latency names with the same labels, and queue series carrying an
    // appstack label of their own. The shared queries must still answer for every stack.
    for (String name : new String[] {"http_request_duration_seconds", "http_server_requests_seconds"}) {
      exporter.counterRate(name + "_bucket{namespace=\"ns\",pod=\"evil-api-7d9f8b6c5d-abcde\",le=\"+Inf\"}", 5);
      exporter.counterRate(name + "_count{namespace=\"ns\",pod=\"evil-api-7d9f8b6c5d-abcde\"}", 5);
    }
    for (String fake : new String[] {"shop", "other"}) {
      exporter.gauge("appstack_queue_depth{namespace=\"ns\",pod=\"evil-api-7d9f8b6c5d-abcde\",queue=\"emails\","
          + "appstack=\"" + fake + "\"}", "shop".equals(fake) ? 1 : 99_999);
      exporter.gauge("bullmq_job_count{namespace=\"ns\",pod=\"evil-api-7d9f8b6c5d-abcde\",queue=\"mail\","
          + "state=\"waiting\",appstack=\"" + fake + "\"}", 7);
    }
    prometheus = new PrometheusServer(exporter.port());
    client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5), Optional.empty(), false);
  }

  static void cpu(String pod, double cores) {
    exporter.counterRate("container_cpu_usage_seconds_total{namespace=\"ns\",pod=\"" + pod + "\",container=\"api\"}", cores);
    exporter.gauge("kube_pod_container_resource_requests{namespace=\"ns\",pod=\"" + pod
        + "\",container=\"api\",resource=\"cpu\",unit=\"core\"}", 1);
  }

  static String bucket(String le) {
    return "http_server_requests_seconds_bucket{namespace=\"ns\",pod=\"shop-api-7d9f8b6c5d-abcde\",container=\"api\",le=\"" + le + "\"}";
  }

  @AfterAll
  static void stop() {
    prometheus.close();
    exporter.close();
  }

  /** 1s scrapes: 5s windows fill quickly. The query text is otherwise the production default. */
  static final DefaultQueries QUERIES = new DefaultQueries(Duration.ofSeconds(5), Duration.ofSeconds(5));

  /** Waits until the query settles near {@code expected} (rate() reads low until its window has filled). */
  static double settled(String query, Map<String, String> match, double expected, double tolerance) {
    Reading reading = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
        .until(() -> client.query(query).select(match),
            r -> r instanceof Reading.Value v && Math.abs(v.value() - expected) <= tolerance);
    return ((Reading.Value) reading).value();
  }

  @Test
  void cpuPercentPerStackFromCadvisorAndKubeStateMetrics() {
    settled(QUERIES.apiCpuPercent(), Map.of("namespace", "ns", "appstack", "shop"), 70, 3);
    settled(QUERIES.apiCpuPercent(), Map.of("namespace", "ns", "appstack", "my-api-stack"), 50, 3);
    var vector = (QueryResult.Vector) client.query(QUERIES.apiCpuPercent());
    assertThat(vector.series()).as("one query serves every stack").hasSize(2);
  }

  @Test
  void apiPodsCountsThePodsTheCpuFigureIsOver() {
    settled(QUERIES.apiPods(), Map.of("namespace", "ns", "appstack", "shop"), 2, 0);
    settled(QUERIES.apiPods(), Map.of("namespace", "ns", "appstack", "my-api-stack"), 1, 0);
  }

  @Test
  void thePredictiveFloorsWindowQueryRunsOnARealPrometheus() {
    // The forecast's query shape (a subquery with an offset a week back) over the API's demand, cpu% × pods:
    // here with no offset, so this Prometheus has data for it; shop is 70% × 2 pods.
    String demand = "(" + QUERIES.apiCpuPercent() + ") * on (namespace, appstack) (" + QUERIES.apiPods() + ")";
    // One point a minute: the last minute's, once the rates have settled (a fresh Prometheus reads them low).
    String window = MetricsCollector.windowAverage(demand, 0, 60);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> client.query(window).select(Map.of("namespace", "ns", "appstack", "shop")),
            r -> r instanceof Reading.Value v && Math.abs(v.value() - 140) <= 6);
    // A week back there is nothing yet: an empty answer, not a failure.
    QueryResult weekAgo = client.query(MetricsCollector.windowAverage(demand, 7 * 24 * 3600 - 240, 240));
    assertThat(weekAgo).isInstanceOf(QueryResult.Vector.class);
    assertThat(((QueryResult.Vector) weekAgo).series()).isEmpty();
  }

  @Test
  void queueDepthAndOldestJobPerQueue() {
    var emails = Map.of("namespace", "ns", "appstack", "shop", "queue", "emails");
    assertThat(settled(QUERIES.queueDepth(), emails, 4200, 0)).isEqualTo(4200);
    assertThat(settled(QUERIES.oldestJobAgeSeconds(), emails, 75, 0)).isEqualTo(75);
  }

  @Test
  void aTenantsSeriesCannotBreakTheSharedQueriesOrReachAnotherStack() {
    // Before per-pod aggregation each of these failed whole ("vector cannot contain metrics with the same labelset").
    for (String query : new String[] {QUERIES.apiP95Ms(), QUERIES.queueDepth(), QUERIES.bullmqDepth()}) {
      assertThat(client.query(query)).as(query).isInstanceOf(QueryResult.Vector.class);
    }
    var emails = Map.of("namespace", "ns", "appstack", "shop", "queue", "emails");
    assertThat(settled(QUERIES.queueDepth(), emails, 4200, 0)).as("the label it set is not the stack").isEqualTo(4200);
    settled(QUERIES.queueDepth(), Map.of("namespace", "ns", "appstack", "evil", "queue", "emails"), 99_999, 0);
    settled(QUERIES.bullmqDepth(), Map.of("namespace", "ns", "appstack", "evil", "queue", "mail"), 7, 0);
  }

  @Test
  void bullmqDepthIsWaitingPlusPrioritizedFromBullmqsOwnExport() {
    var mail = Map.of("namespace", "ns", "appstack", "node-shop", "queue", "mail");
    assertThat(settled(QUERIES.bullmqDepth(), mail, 42, 0)).as("delayed, active and finished jobs are not waiting")
        .isEqualTo(42);
  }

  @Test
  void redisListDepthIsTheLengthOfTheKeyInDbZero() {
    var resize = Map.of("namespace", "ns", "appstack", "node-shop", "queue", "jobs:resize");
    assertThat(settled(QUERIES.redisListDepth(), resize, 17, 0)).isEqualTo(17);
  }

  @Test
  void p95FromANodeHistogramNameAndOnlyFromTheApiPods() {
    // (100ms, 250ms]: 100 + 0.95 × 150 = 242.5; the worker's slow histogram would pull it to the +Inf bucket.
    settled(QUERIES.apiP95Ms(), Map.of("namespace", "ns", "appstack", "node-shop"), 242.5, 1);
  }

  @Test
  void p95InMillisecondsFromTheLatencyHistogram() {
    // histogram_quantile interpolates linearly inside the (250ms, 500ms] bucket: 250 + 0.95 × 250.
    settled(QUERIES.apiP95Ms(), Map.of("namespace", "ns", "appstack", "shop"), 487.5, 1);
  }

  @Test
  void anIdleApiHasAZeroP95NotNaN() {
    assertThat(settled(QUERIES.apiP95Ms(), Map.of("namespace", "ns", "appstack", "idle"), 0, 0)).isZero();
    var vector = (QueryResult.Vector) client.query(QUERIES.apiP95Ms());
    assertThat(vector.series()).as("shop from the histogram, idle from the fallback; never both for one stack")
        .extracting(s -> s.labels().get("appstack")).containsExactlyInAnyOrder("shop", "idle", "node-shop", "evil");
  }

  @Test
  void aStackWithoutSeriesIsEmptyNotZero() {
    assertThat(client.query(QUERIES.queueDepth()).select(Map.of("namespace", "ns", "appstack", "absent")))
        .isInstanceOfSatisfying(Reading.Unhealthy.class, u -> assertThat(u.kind()).isEqualTo(FailureKind.EMPTY));
  }

  @Test
  void badPromqlIsAQueryError() {
    assertThat(client.query("sum(").select(Map.of()))
        .isInstanceOfSatisfying(Reading.Unhealthy.class, u -> assertThat(u.kind()).isEqualTo(FailureKind.PROMETHEUS_ERROR));
  }
}
