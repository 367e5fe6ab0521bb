package io.appstack.operator.metrics;

import java.time.Duration;

/**
 * The PromQL the operator runs when a stack does not override it. Each query groups by
 * {@code namespace} and {@code appstack} (and {@code queue} for queues), so one query per signal per
 * poll serves every AppStack the operator watches.
 *
 * <p>They need only what a standard cluster already has: cAdvisor's
 * {@code container_cpu_usage_seconds_total}, kube-state-metrics'
 * {@code kube_pod_container_resource_requests}, and the apps' own metrics scraped with their
 * {@code namespace}, {@code pod} and {@code container} target labels. The stack name is read from the
 * pod name the operator gives every pod ({@code <stack>-api-…}, {@code <stack>-worker-<pool>-…}).
 */
public final class DefaultQueries {
  /** Label carrying the stack's name in every default query's result. */
  public static final String STACK_LABEL = "appstack";
  public static final String NAMESPACE_LABEL = "namespace";
  public static final String QUEUE_LABEL = "queue";

  private static final String STACK_FROM_POD =
      "\"" + STACK_LABEL + "\", \"$1\", \"pod\", \"(.+?)-(api|worker-.+)-[a-z0-9]+-[a-z0-9]+\"";

  /**
   * The latency histograms the p95 default reads, by the names the usual libraries give them: Micrometer
   * (Spring, Quarkus), prom-client and express-prom-bundle (Node.js), OpenTelemetry's HTTP semantic conventions.
   */
  public static final java.util.List<String> LATENCY_HISTOGRAMS = java.util.List.of(
      "http_server_requests_seconds", "http_request_duration_seconds", "http_server_request_duration_seconds");

  /**
   * The default windows for a Prometheus scraping every 15–30s, one source for the operator's settings, the
   * simulator's flags and {@link #STANDARD}: CPU over 1 minute (read over 2 where a scrape was missed), p95 over 2.
   */
  public static final String CPU_WINDOW = "60s";
  public static final String LATENCY_WINDOW = "120s";

  public static final Duration STANDARD_CPU_WINDOW = Duration.parse("PT" + CPU_WINDOW.toUpperCase());
  public static final Duration STANDARD_LATENCY_WINDOW = Duration.parse("PT" + LATENCY_WINDOW.toUpperCase());

  public static final DefaultQueries STANDARD = new DefaultQueries(STANDARD_CPU_WINDOW, STANDARD_LATENCY_WINDOW);

  private final String apiCpuPercent;
  private final String apiPods;
  private final String apiP95Ms;

  /**
   * {@code cpuWindow} and {@code latencyWindow} are the rate() ranges; they must span at least two scrape
   * intervals, and rate() reads low until the range has filled. A container whose CPU counter has fewer than two
   * samples in {@code cpuWindow} (a missed scrape at a 30 s interval and a 1-minute window) is read over twice the
   * window instead: left out, its usage would vanish from the sum while its request stays in the divisor, and the
   * API would read idle.
   */
  public DefaultQueries(Duration cpuWindow, Duration latencyWindow) {
    String usage = "container_cpu_usage_seconds_total{container=\"api\"}";
    apiCpuPercent = "100 * sum by (namespace, appstack) (label_replace(rate(" + usage + "[" + range(cpuWindow)
        + "]) or rate(" + usage + "[" + range(cpuWindow.multipliedBy(2)) + "]), " + STACK_FROM_POD + "))"
        + " / sum by (namespace, appstack) (label_replace(kube_pod_container_resource_requests{resource=\"cpu\", "
        + "container=\"api\"}, " + STACK_FROM_POD + "))";
    apiPods = "count by (namespace, appstack) (label_replace(kube_pod_container_resource_requests{resource=\"cpu\", "
        + "container=\"api\"}, " + STACK_FROM_POD + "))";
    // With no request in the window histogram_quantile gives NaN, and an idle API would never look calm.
    // NaN fails ">= 0", so the "or" branch answers 0 ms for a stack whose request counter exists but did not
    // move: no request was slow. A stack that exports nothing still has no series (unknown, not zero).
    // Each name is summed per pod first and the names joined with "or" (the first name a pod exports wins): a pod
    // exporting two of them, or a series with labels of its own, can never make the one shared query fail for every
    // stack with duplicate series.
    String latency = range(latencyWindow);
    apiP95Ms = "(1000 * histogram_quantile(0.95, sum by (namespace, appstack, le) (label_replace("
        + perPod(LATENCY_HISTOGRAMS, "_bucket", "le", latency) + ", " + STACK_FROM_POD + "))) >= 0)"
        + " or (0 * sum by (namespace, appstack) (label_replace("
        + perPod(LATENCY_HISTOGRAMS, "_count", null, latency) + ", " + STACK_FROM_POD + ")))";
  }

  /** CPU used by the API pods, in percent of their CPU requests. */
  public String apiCpuPercent() {
    return apiCpuPercent;
  }

  /** API pods with a CPU request: what {@link #apiCpuPercent()} divides by, at the same moment. */
  public String apiPods() {
    return apiPods;
  }

  /** p95 latency of the API in milliseconds, from the API pods' latency histogram ({@link #LATENCY_HISTOGRAMS}). */
  public String apiP95Ms() {
    return apiP95Ms;
  }

  /**
   * Jobs waiting in each queue. Any pod of the stack may export {@code appstack_queue_depth{queue="…"}};
   * every exporter sees the same queue, so the largest report wins.
   */
  public String queueDepth() {
    return QUEUE_DEPTH;
  }

  /** Age in seconds of the oldest job waiting in each queue. */
  public String oldestJobAgeSeconds() {
    return OLDEST_JOB_AGE_SECONDS;
  }

  /**
   * Jobs waiting in each BullMQ queue, from BullMQ's own export ({@code Queue.exportPrometheusMetrics()}):
   * waiting and prioritized jobs. Delayed jobs count once due: a running worker moves them to waiting.
   * Every pod that exports a queue reports the same counts, so the largest wins.
   */
  public String bullmqDepth() {
    return BULLMQ_DEPTH;
  }

  /**
   * Length of each Redis list named by a pool's queue, from the exporter the operator runs beside the stack's
   * Redis ({@code redis_key_size} of its checked keys, db 0).
   */
  public String redisListDepth() {
    return REDIS_LIST_DEPTH;
  }

  /** {@code (sum by (namespace, pod[, extra]) (rate(<name><suffix>{API pods}[w])) or …)} over the names. */
  private static String perPod(java.util.List<String> histograms, String suffix, String extra, String window) {
    String by = "namespace, pod" + (extra == null ? "" : ", " + extra);
    return "(" + String.join(" or ", histograms.stream()
        .map(h -> "sum by (" + by + ") (rate(" + h + suffix + "{" + API_POD + "}[" + window + "]))").toList()) + ")";
  }

  private static String range(Duration window) {
    return window.toSeconds() + "s";
  }

  /** Only the API's pods: a worker may serve a metrics endpoint with a histogram of the same name. */
  private static final String API_POD = "pod=~\".+-api-[a-z0-9]+-[a-z0-9]+\", pod!~\".+-worker-.+\"";

  /** A pod scraped twice (annotations and a PodMonitor) reports each state twice: max per state before the sum. */
  private static final String BULLMQ_DEPTH = "max by (namespace, appstack, queue) (label_replace("
      + "sum by (namespace, pod, queue) (max by (namespace, pod, queue, state) "
      + "(bullmq_job_count{state=~\"waiting|prioritized\"})), " + STACK_FROM_POD + "))";

  /** The exporter's pods are {@code <stack>-redis-exporter-<hash>-<id>}. */
  private static final String REDIS_LIST_DEPTH = "max by (namespace, appstack, queue) (label_replace(label_replace("
      + "max by (namespace, pod, key) (redis_key_size{db=\"db0\", pod=~\".+-redis-exporter-.+\"}), \"" + QUEUE_LABEL + "\", \"$1\", \"key\", \"(.+)\"), \"" + STACK_LABEL
      + "\", \"$1\", \"pod\", \"(.+)-redis-exporter-[a-z0-9]+-[a-z0-9]+\"))";

  private static final String QUEUE_DEPTH =
      "max by (namespace, appstack, queue) (label_replace(max by (namespace, pod, queue) (appstack_queue_depth), "
          + STACK_FROM_POD + "))";

  private static final String OLDEST_JOB_AGE_SECONDS =
      "max by (namespace, appstack, queue) (label_replace(max by (namespace, pod, queue) "
          + "(appstack_queue_oldest_job_age_seconds), " + STACK_FROM_POD + "))";

}
