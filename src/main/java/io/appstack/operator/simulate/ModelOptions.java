package io.appstack.operator.simulate;

import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.simulate.FlagConverters.BoundsConverter;
import io.appstack.operator.simulate.FlagConverters.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of {@code simulate} that describe the workload model and the baselines, read as {@link ModelParams}. */
final class ModelOptions {
  @Option(names = "--api-rps-per-pod", paramLabel = "RPS", defaultValue = "1000",
      description = "Requests/s one API pod serves at 100%% CPU (default: ${DEFAULT-VALUE}, the seeds' figure).")
  double apiRpsPerPod;

  @Option(names = "--api-max-cpu", paramLabel = "PERCENT", defaultValue = "100",
      description = "Most CPU a busy API pod uses, in percent of its request (default: ${DEFAULT-VALUE}); above 100 "
          + "models a pod without a CPU limit whose request is below what it can use: it serves that much more and "
          + "its CPU reads above 100%%, for the engine and the HPA alike.")
  double apiMaxCpu;

  @Option(names = "--api-service-time", paramLabel = "DURATION", defaultValue = "50ms", converter = DurationConverter.class,
      description = "Mean service time of a request; pod concurrency = rate × service time (default: ${DEFAULT-VALUE}).")
  Duration apiServiceTime;

  @Option(names = "--api-latency-cap", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "p95 at saturation, before the backlog's drain time is added (default: ${DEFAULT-VALUE}).")
  Duration apiLatencyCap;

  @Option(names = "--api-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Requests waiting longer are dropped (default: ${DEFAULT-VALUE}).")
  Duration apiTimeout;

  @Option(names = "--worker-jobs-per-second", paramLabel = "N", defaultValue = "100",
      description = "Jobs/s one worker finishes (default: ${DEFAULT-VALUE}, the seeds' figure).")
  double workerJobsPerSecond;

  @Option(names = "--jobs-per-request", paramLabel = "N", defaultValue = "0.1",
      description = "Jobs each request enqueues, split evenly across the pools (default: ${DEFAULT-VALUE}).")
  double jobsPerRequest;

  @Option(names = "--startup", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "Pod creation to ready (default: ${DEFAULT-VALUE}).")
  Duration startup;

  @Option(names = "--metrics-delay", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
      description = "Age of the metrics every controller sees: scrape + query (default: ${DEFAULT-VALUE}).")
  Duration metricsDelay;

  @Option(names = "--cpu-window", paramLabel = "DURATION", defaultValue = DefaultQueries.CPU_WINDOW, converter = DurationConverter.class,
      description = "Range the engine's CPU query averages over, rate(...[1m]) in the default PromQL (default: ${DEFAULT-VALUE}).")
  Duration cpuWindow;

  @Option(names = "--latency-window", paramLabel = "DURATION", defaultValue = DefaultQueries.LATENCY_WINDOW, converter = DurationConverter.class,
      description = "Range of the engine's p95 query, histogram_quantile over rate(...[2m]) in the default PromQL "
          + "(default: ${DEFAULT-VALUE}).")
  Duration latencyWindow;

  @Option(names = "--hpa-cpu-window", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
      description = "HPA baseline: window of the CPU it reads, metrics-server's resolution (default: ${DEFAULT-VALUE}).")
  Duration hpaCpuWindow;

  @Option(names = "--step", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Simulation step; divides a minute (default: ${DEFAULT-VALUE}).")
  Duration step;

  @Option(names = "--slo-p95", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
      description = "API SLO: p95 at most this (default: ${DEFAULT-VALUE}).")
  Duration sloP95;

  @Option(names = "--slo-wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Worker SLO: no job waits longer (default: ${DEFAULT-VALUE}).")
  Duration sloWait;

  // baselines
  @Option(names = "--baseline-api", paramLabel = "MIN-MAX", converter = BoundsConverter.class,
      description = "Replica bounds of the API for every baseline (default: every count the engine may choose, "
          + "2-20 for an Auto stack).")
  Bounds baselineApi;

  @Option(names = "--baseline-workers", paramLabel = "MIN-MAX", converter = BoundsConverter.class,
      description = "Replica bounds of each worker pool for every baseline (default: the engine's, 2-50 for an "
          + "Auto stack).")
  Bounds baselineWorkers;

  @Option(names = "--hpa-cpu-target", paramLabel = "PERCENT", defaultValue = "70",
      description = "HPA baseline: target CPU utilisation (default: ${DEFAULT-VALUE}).")
  double hpaCpuTarget;

  @Option(names = "--hpa-tolerance", paramLabel = "RATIO", defaultValue = "0.1",
      description = "HPA baseline: tolerance (default: ${DEFAULT-VALUE}).")
  double hpaTolerance;

  @Option(names = "--hpa-sync", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
      description = "HPA baseline: sync period (default: ${DEFAULT-VALUE}).")
  Duration hpaSync;

  @Option(names = "--hpa-downscale-window", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
      description = "HPA baseline: scale-down stabilisation window (default: ${DEFAULT-VALUE}).")
  Duration hpaDownscaleWindow;

  @Option(names = "--keda-polling", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "KEDA baseline: queue polling interval (default: ${DEFAULT-VALUE}).")
  Duration kedaPolling;

  @Option(names = "--keda-target", paramLabel = "JOBS", description = "KEDA baseline: queue length per replica "
      + "(default: each pool's depthPerWorker target).")
  Double kedaTarget;

  /** The model for an engine that polls every {@code pollSeconds}. */
  ModelParams params(int pollSeconds) {
    return new ModelParams(seconds("--step", step), apiRpsPerPod, apiMaxCpu, apiServiceTime.toNanos() / 1e6,
        apiLatencyCap.toNanos() / 1e6, seconds("--api-timeout", apiTimeout), workerJobsPerSecond, jobsPerRequest,
        seconds("--startup", startup), seconds("--metrics-delay", metricsDelay), seconds("--cpu-window", cpuWindow),
        seconds("--latency-window", latencyWindow), seconds("--hpa-cpu-window", hpaCpuWindow), pollSeconds,
        sloP95.toNanos() / 1e6, sloWait.toNanos() / 1e9, hpaCpuTarget, hpaTolerance, seconds("--hpa-sync", hpaSync),
        seconds("--hpa-downscale-window", hpaDownscaleWindow), seconds("--keda-polling", kedaPolling), kedaTarget);
  }

  static int seconds(String what, Duration d) {
    if (d.isNegative() || d.getNano() != 0 || d.getSeconds() > Integer.MAX_VALUE) {
      throw new InputException(what + " must be whole seconds, got " + d.toMillis() + "ms");
    }
    return (int) d.getSeconds();
  }
}
