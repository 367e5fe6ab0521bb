package io.appstack.operator.scaling.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every scaling setting a stack can change, with its default: the one table the engine's defaults
 * ({@link StackPolicy#defaults}), the CRD's defaults and the README's table all follow (ScalingOptionTest keeps
 * the three equal). The path is the field under {@code spec}.
 */
public enum ScalingOption {
  API_MIN("limits.apiMinReplicas", "2", "Fewest API replicas in Auto (a pinned phase uses its range)."),
  API_MAX("limits.apiMaxReplicas", "20", "Most API replicas in Auto."),
  WORKER_MIN("limits.workerMinReplicas", "2", "Fewest replicas of each worker pool in Auto; 0 lets an idle pool "
      + "scale to zero."),
  WORKER_MAX("limits.workerMaxReplicas", "50", "Most replicas of each worker pool in Auto."),
  API_CPU_TARGET("api.scaling.cpuTargetPercent", "70", "CPU the API is sized for, in percent of its requests."),
  API_P95_MS("api.scaling.p95Ms", "500", "p95 latency limit in ms: above it for upFor adds one step of pods; the "
      + "API never scales down while above it."),
  API_UP_FOR("api.scaling.upFor", "1m", "How long the API must have wanted more pods before it scales up."),
  API_DOWN_FOR("api.scaling.downFor", "5m", "The API scales down to the highest count it wanted in this window."),
  WORKER_DEPTH("workers[].scaling.depthPerWorker", "1000", "Queued jobs per worker the pool is sized for."),
  WORKER_WAIT_SECONDS("workers[].scaling.maxWaitSeconds", "60", "Oldest-job wait limit in seconds: above it for "
      + "upFor adds one step of workers; the pool never scales down while above it."),
  WORKER_UP_FOR("workers[].scaling.upFor", "0s", "How long the pool must have wanted more workers before it "
      + "scales up."),
  WORKER_DOWN_FOR("workers[].scaling.downFor", "5m", "The pool scales down to the highest count it wanted in this "
      + "window."),
  POLL_INTERVAL("autoscaling.pollInterval", "15s", "How often the stack is evaluated against its metrics."),
  TOLERANCE("autoscaling.tolerance", "0.1", "No change while a target-tracking signal is within this fraction of "
      + "its target."),
  TRIGGER_STEP_PERCENT("autoscaling.triggerStepPercent", "50", "The step a trigger (p95, job wait) adds, in "
      + "percent of the current count (at least one pod)."),
  PROMOTE_AFTER("autoscaling.promoteAfter", "10m", "How long a component must run above the phase's range before "
      + "the phase is promoted."),
  DEMOTE_AFTER("autoscaling.demoteAfter", "6h", "How long every component must fit the smaller phase's range "
      + "before the phase is demoted."),
  PREDICTIVE_ENABLED("autoscaling.predictive.enabled", "false", "Size ahead of recurring peaks learnt from "
      + "Prometheus history (only ever raises counts)."),
  PREDICTIVE_WEEKS("autoscaling.predictive.weeks", "3", "Weeks of history at the same time of week the forecast "
      + "reads (1–4); it needs data in at least two of them (or the one)."),
  PREDICTIVE_LEAD_TIME("autoscaling.predictive.leadTime", "2m", "How far ahead the forecast sizes: the time a new "
      + "pod needs to start and show in the metrics."),
  UP_FACTOR("autoscaling.rateLimits.upFactor", "2", "A scale-up may multiply the count by this much…"),
  UP_PODS("autoscaling.rateLimits.upPods", "4", "…or add this many pods, whichever is larger."),
  UP_PERIOD("autoscaling.rateLimits.upPeriod", "15s", "At most one scale-up per component in this period."),
  DOWN_PERCENT("autoscaling.rateLimits.downPercent", "50", "A scale-down removes at most this percentage of the "
      + "pods (at least downMinPods)."),
  DOWN_MIN_PODS("autoscaling.rateLimits.downMinPods", "1", "A scale-down may always remove this many pods."),
  DOWN_PERIOD("autoscaling.rateLimits.downPeriod", "60s", "At most one scale-down per component in this period.");

  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private final String path;
  private final String defaultValue;
  private final String description;

  ScalingOption(String path, String defaultValue, String description) {
    this.path = path;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The field under {@code spec}, e.g. {@code autoscaling.pollInterval}. */
  public String path() {
    return path;
  }

  /** The default as written in YAML, e.g. {@code 15s} or {@code 70}. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  double number() {
    return Double.parseDouble(defaultValue);
  }

  int integer() {
    return Integer.parseInt(defaultValue);
  }

  Duration duration() {
    Matcher m = DURATION_PART.matcher(defaultValue);
    Duration d = Duration.ZERO;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
    }
    return d;
  }
}
