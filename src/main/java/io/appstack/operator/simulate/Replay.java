package io.appstack.operator.simulate;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.simulate.controller.Controller;
import io.appstack.operator.simulate.trace.Load;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Replays one load through one policy on the workload model. Each step, in order: pods whose
 * start-up is over become ready; the controller may act (on its own period, seeing metrics of
 * {@code metrics-delay} ago); requests and jobs of the step are served; the step's metrics are
 * recorded as the queries would return them (CPU and p95 over their windows). No allocation per
 * request or job.
 */
final class Replay {
  static final int CHART_BUCKETS = 1_200;

  private final Load load;
  private final ModelParams params;
  private final List<String> pools;

  Replay(Load load, ModelParams params, List<String> pools) {
    this.load = load;
    this.params = params;
    this.pools = List.copyOf(pools);
  }

  PolicyResult run(Controller controller, LongConsumer progress) {
    int n = load.steps();
    int poolCount = pools.size();
    int components = poolCount + 1;
    double dt = params.stepSeconds();
    long dtMicros = params.stepSeconds() * 1_000_000L;
    long startupMicros = params.startupSeconds() * 1_000_000L;
    int delaySteps = params.metricsDelaySeconds() / params.stepSeconds();

    int[] desired = controller.initial();
    Pods[] pods = new Pods[components];
    for (int c = 0; c < components; c++) {
      pods[c] = new Pods(desired[c], startupMicros);
    }
    ApiLatency latency = new ApiLatency(params.apiServers(), params.apiServiceMs(), params.apiLatencyCapMs());
    ApiModel api = new ApiModel(params.apiRpsPerPod(), params.apiMaxCpuPercent(), latency, params.apiTimeoutSeconds());
    RollingMean cpuQuery = new RollingMean(params.cpuWindowSeconds() / params.stepSeconds());
    RollingMean hpaCpu = new RollingMean(params.hpaCpuWindowSeconds() / params.stepSeconds());
    LatencyWindow p95Query = controller.readsLatency()
        ? new LatencyWindow(latency, params.latencyWindowSeconds() / params.stepSeconds())
        : null;
    WorkerQueue[] queues = new WorkerQueue[poolCount];
    for (int p = 0; p < poolCount; p++) {
      queues[p] = new WorkerQueue();
    }
    History history = new History(delaySteps, poolCount);
    double jobsPerPoolPerRequest = poolCount == 0 ? 0 : params.jobsPerRequest() / poolCount;
    double jobsCum = 0;

    double[] replicaSeconds = new double[components];
    int[] scaleEvents = new int[components];
    int[] peak = new int[components];
    double[] sloSeconds = new double[components];
    double maxP95 = 0;
    Map<Phase, Double> phaseSeconds = new EnumMap<>(Phase.class);

    int bucketSteps = Math.max(1, (n + CHART_BUCKETS - 1) / CHART_BUCKETS);
    int buckets = (n + bucketSteps - 1) / bucketSteps;
    double[][] meanReplicas = new double[components][buckets];
    double[] p95OverSlo = new double[buckets]; // steps over the SLO, then % of the bucket's steps
    double[][] waitOverSlo = new double[poolCount][buckets];
    double[] cumulative = new double[buckets];
    double totalReplicaSeconds = 0;

    for (int c = 0; c < components; c++) {
      peak[c] = desired[c];
    }
    Phase phase = controller.phase();
    double phaseRun = 0;
    for (int k = 0; k < n; k++) {
      long now = k * dtMicros;
      for (Pods p : pods) {
        p.advance(now);
      }
      controller.control(k, now, history, desired, pods);
      for (int c = 0; c < components; c++) {
        if (desired[c] != pods[c].desired()) {
          scaleEvents[c]++;
          pods[c].scaleTo(desired[c], now);
          peak[c] = Math.max(peak[c], desired[c]);
        }
      }
      Phase current = controller.phase();
      if (current != phase) {
        addTime(phaseSeconds, phase, phaseRun);
        phase = current;
        phaseRun = 0;
      }
      phaseRun += dt;

      double requests = load.requests(k);
      api.step(requests, pods[0].ready(), dt);
      double before = Math.floor(jobsCum);
      jobsCum += requests * jobsPerPoolPerRequest;
      long jobs = (long) (Math.floor(jobsCum) - before);
      for (int p = 0; p < poolCount; p++) {
        queues[p].step(now, dtMicros, jobs, pods[p + 1].ready() * params.workerJobsPerSecond() * dt);
      }

      int b = k / bucketSteps;
      for (int c = 0; c < components; c++) {
        double s = pods[c].desired() * dt;
        replicaSeconds[c] += s;
        totalReplicaSeconds += s;
        meanReplicas[c][b] += pods[c].desired();
      }
      double p95 = api.p95Ms();
      maxP95 = Math.max(maxP95, p95);
      if (p95 > params.sloP95Ms()) {
        sloSeconds[0] += dt;
        p95OverSlo[b]++;
      }
      for (int p = 0; p < poolCount; p++) {
        double wait = queues[p].longestWaitSeconds();
        if (wait > params.sloWaitSeconds()) {
          sloSeconds[p + 1] += dt;
          waitOverSlo[p][b]++;
        }
      }
      cumulative[b] = totalReplicaSeconds / 3600;
      // The engine's query divides the CPU used over its window by the requests of the pods there are at its end,
      // starting ones included (they use none yet); metrics-server's figure, which the HPA reads, is per ready pod.
      cpuQuery.add(api.cpuPercent() * pods[0].ready() / 100);
      int apiPods = pods[0].desired();
      hpaCpu.add(api.cpuPercent());
      double p95Seen = Double.NaN;
      if (p95Query != null) {
        p95Query.add(requests, api.utilisation(), api.backlogged() ? p95 : 0);
        p95Seen = p95Query.p95Ms();
      }
      history.record(k + 1, now + dtMicros, apiPods == 0 ? 0 : 100 * cpuQuery.mean() / apiPods, apiPods, hpaCpu.mean(),
          p95Seen, pods[0].ready(), queues);
      if (progress != null && (k & 0x3FFF) == 0x3FFF) {
        progress.accept(0x4000);
      }
    }
    if (progress != null) {
      progress.accept(n & 0x3FFF);
    }
    addTime(phaseSeconds, phase, phaseRun);

    for (int b = 0; b < buckets; b++) {
      int stepsIn = Math.min(bucketSteps, n - b * bucketSteps);
      for (int c = 0; c < components; c++) {
        meanReplicas[c][b] /= stepsIn;
      }
      p95OverSlo[b] *= 100.0 / stepsIn;
      for (int p = 0; p < poolCount; p++) {
        waitOverSlo[p][b] *= 100.0 / stepsIn;
      }
    }
    List<String> keys = new ArrayList<>(components);
    keys.add(Component.API.key());
    for (String pool : pools) {
      keys.add(Component.worker(pool).key());
    }
    double[] replicaHours = new double[components];
    double[] sloMinutes = new double[components];
    for (int c = 0; c < components; c++) {
      replicaHours[c] = replicaSeconds[c] / 3600;
      sloMinutes[c] = sloSeconds[c] / 60;
    }
    Map<Phase, Double> hoursInPhase = new EnumMap<>(Phase.class);
    phaseSeconds.forEach((ph, s) -> hoursInPhase.put(ph, s / 3600));
    List<PolicyResult.PoolFigures> poolFigures = new ArrayList<>(poolCount);
    for (WorkerQueue q : queues) {
      poolFigures.add(new PolicyResult.PoolFigures(q.arrived(), q.done(), q.depth(), q.meanWaitSeconds(),
          q.longestWaitEverSeconds()));
    }
    return new PolicyResult(controller.name(), controller.label(), keys, replicaHours, scaleEvents, peak, sloMinutes,
        List.copyOf(controller.phaseChanges()), hoursInPhase,
        new PolicyResult.ApiFigures(api.offered(), api.served(), api.dropped(), maxP95), poolFigures,
        new PolicyResult.Series(bucketSteps, meanReplicas, p95OverSlo, waitOverSlo, cumulative));
  }

  // Only the engine has a phase; the other policies report none.
  private static void addTime(Map<Phase, Double> phaseSeconds, Phase phase, double seconds) {
    if (phase != null) {
      phaseSeconds.merge(phase, seconds, Double::sum);
    }
  }
}
