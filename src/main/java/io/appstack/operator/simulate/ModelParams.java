package io.appstack.operator.simulate;

import io.appstack.operator.metrics.DefaultQueries;

/**
 * Every number of the workload model and of the baselines. Durations are whole seconds.
 *
 * @param stepSeconds simulation step (divides a minute)
 * @param apiRpsPerPod requests per second one API pod serves at 100% CPU (of its request)
 * @param apiMaxCpuPercent the most CPU a busy API pod uses, in percent of its request: 100 when its limit equals
 *     its request (or it cannot use more); above 100 for a pod without a CPU limit whose request is below what
 *     it can use — it then serves up to this share more and its CPU reads above 100%, as the HPA sees it
 * @param apiServiceMs mean service time of one request; with the rate it gives the pod's
 *     concurrency c = round(rps × service time)
 * @param apiLatencyCapMs p95 reported at saturation (and its ceiling below saturation)
 * @param apiTimeoutSeconds requests waiting longer than this are dropped
 * @param workerJobsPerSecond jobs per second one worker finishes
 * @param jobsPerRequest jobs each request enqueues, split evenly across the pools
 * @param startupSeconds from pod creation to ready
 * @param metricsDelaySeconds age of the metrics a controller sees (scrape + query)
 * @param cpuWindowSeconds range of the engine's CPU query (rate over 1m in the default PromQL)
 * @param latencyWindowSeconds range of the engine's p95 query (histogram over 2m in the default PromQL)
 * @param hpaCpuWindowSeconds window of the CPU the HPA sees (metrics-server's resolution)
 * @param pollSeconds the engine's poll interval
 * @param sloP95Ms API SLO: p95 at most this
 * @param sloWaitSeconds worker SLO: no job waits longer than this
 * @param hpaCpuTarget HPA baseline: target CPU utilisation, percent
 * @param hpaTolerance HPA baseline: tolerance around the target ratio
 * @param hpaSyncSeconds HPA baseline: controller sync period
 * @param hpaDownWindowSeconds HPA baseline: scale-down stabilisation window
 * @param kedaPollingSeconds KEDA baseline: how often the queue length is read
 * @param kedaTargetPerReplica KEDA baseline: queue length per replica, or null for each pool's
 *     depthPerWorker up threshold
 */
public record ModelParams(
    int stepSeconds,
    double apiRpsPerPod,
    double apiMaxCpuPercent,
    double apiServiceMs,
    double apiLatencyCapMs,
    int apiTimeoutSeconds,
    double workerJobsPerSecond,
    double jobsPerRequest,
    int startupSeconds,
    int metricsDelaySeconds,
    int cpuWindowSeconds,
    int latencyWindowSeconds,
    int hpaCpuWindowSeconds,
    int pollSeconds,
    double sloP95Ms,
    double sloWaitSeconds,
    double hpaCpuTarget,
    double hpaTolerance,
    int hpaSyncSeconds,
    int hpaDownWindowSeconds,
    int kedaPollingSeconds,
    Double kedaTargetPerReplica) {

  public ModelParams {
    requirePositive("--api-rps-per-pod", apiRpsPerPod);
    if (!(apiMaxCpuPercent >= 100) || Double.isInfinite(apiMaxCpuPercent)) {
      throw new InputException("--api-max-cpu must be 100 or more (percent of the CPU request), got " + apiMaxCpuPercent);
    }
    requirePositive("--api-service-time", apiServiceMs);
    requirePositive("--api-latency-cap", apiLatencyCapMs);
    if (apiLatencyCapMs > apiTimeoutSeconds * 1000.0) {
      // A request is dropped at the timeout: no latency, p95 or reason may be longer.
      throw new InputException("--api-latency-cap must not exceed --api-timeout");
    }
    requirePositive("--api-timeout", apiTimeoutSeconds);
    requirePositive("--worker-jobs-per-second", workerJobsPerSecond);
    if (!(jobsPerRequest >= 0) || Double.isInfinite(jobsPerRequest)) {
      throw new InputException("--jobs-per-request must be 0 or more");
    }
    requirePositive("--slo-p95", sloP95Ms);
    requirePositive("--slo-wait", sloWaitSeconds);
    requirePositive("--hpa-cpu-target", hpaCpuTarget);
    if (!(hpaTolerance >= 0 && hpaTolerance < 1)) {
      throw new InputException("--hpa-tolerance must be in [0, 1)");
    }
    if (kedaTargetPerReplica != null) {
      requirePositive("--keda-target", kedaTargetPerReplica);
    }
    if (stepSeconds <= 0 || 60 % stepSeconds != 0) {
      throw new InputException("--step must divide a minute (1s, 2s, 3s, 4s, 5s, 6s, 10s, 12s, 15s, 20s, 30s, 60s), got "
          + stepSeconds + "s");
    }
    requireMultiple("--startup", startupSeconds, stepSeconds, true);
    requireMultiple("--metrics-delay", metricsDelaySeconds, stepSeconds, true);
    requireMultiple("--cpu-window", cpuWindowSeconds, stepSeconds, false);
    requireMultiple("--latency-window", latencyWindowSeconds, stepSeconds, false);
    requireMultiple("--hpa-cpu-window", hpaCpuWindowSeconds, stepSeconds, false);
    requireMultiple("--poll-interval (spec.autoscaling.pollInterval)", pollSeconds, stepSeconds, false);
    requireMultiple("--hpa-sync", hpaSyncSeconds, stepSeconds, false);
    requireMultiple("--hpa-downscale-window", hpaDownWindowSeconds, stepSeconds, true);
    requireMultiple("--keda-polling", kedaPollingSeconds, stepSeconds, false);
  }

  /** The defaults documented in the README. */
  public static ModelParams defaults() {
    return new ModelParams(5, 1000, 100, 50, 10_000, 60, 100, 0.1, 30, 15,
        (int) DefaultQueries.STANDARD_CPU_WINDOW.toSeconds(), (int) DefaultQueries.STANDARD_LATENCY_WINDOW.toSeconds(), 15, 15, 500, 60, 70, 0.1, 15, 300, 30,
        null);
  }

  /** API request slots per pod: rate × service time, at least 1. */
  public int apiServers() {
    return (int) Math.max(1, Math.round(apiRpsPerPod * apiServiceMs / 1000));
  }

  /** Requests per second a busy API pod serves: its rate at 100% CPU times the most CPU it uses. */
  public double apiPodCapacity() {
    return apiRpsPerPod * apiMaxCpuPercent / 100;
  }

  /** Copy with another engine poll interval. */
  public ModelParams withPollSeconds(int seconds) {
    return new ModelParams(stepSeconds, apiRpsPerPod, apiMaxCpuPercent, apiServiceMs, apiLatencyCapMs, apiTimeoutSeconds,
        workerJobsPerSecond, jobsPerRequest, startupSeconds, metricsDelaySeconds, cpuWindowSeconds, latencyWindowSeconds,
        hpaCpuWindowSeconds, seconds, sloP95Ms, sloWaitSeconds,
        hpaCpuTarget, hpaTolerance, hpaSyncSeconds, hpaDownWindowSeconds, kedaPollingSeconds, kedaTargetPerReplica);
  }

  /** Copy with another step. */
  public ModelParams withStepSeconds(int seconds) {
    return new ModelParams(seconds, apiRpsPerPod, apiMaxCpuPercent, apiServiceMs, apiLatencyCapMs, apiTimeoutSeconds,
        workerJobsPerSecond, jobsPerRequest, startupSeconds, metricsDelaySeconds, cpuWindowSeconds,
        latencyWindowSeconds, hpaCpuWindowSeconds, pollSeconds, sloP95Ms, sloWaitSeconds, hpaCpuTarget, hpaTolerance, hpaSyncSeconds, hpaDownWindowSeconds, kedaPollingSeconds,
        kedaTargetPerReplica);
  }

  private static void requirePositive(String flag, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new InputException(flag + " must be positive, got " + v);
    }
  }

  private static void requireMultiple(String flag, int seconds, int step, boolean zeroOk) {
    if (seconds < 0 || (!zeroOk && seconds == 0) || seconds % step != 0) {
      throw new InputException(flag + " must be a " + (zeroOk ? "" : "positive ") + "multiple of --step "
          + step + "s, got " + seconds + "s");
    }
  }
}
