package io.appstack.operator.simulate;

/**
 * The last few observations in a ring, so controllers can read the metrics of {@code delay}
 * steps ago without keeping the whole replay.
 */
public final class History {
  private final int size;
  private final int pools;
  private final long[] at;
  private final int[] index;
  private final double[] cpu;
  private final int[] apiPods;
  private final double[] hpaCpu;
  private final double[] p95;
  private final int[] ready;
  private final double[] depth;
  private final double[] age;
  private final Observation view;

  History(int delaySteps, int pools) {
    this.size = delaySteps + 2;
    this.pools = pools;
    at = new long[size];
    index = new int[size];
    java.util.Arrays.fill(index, -1);
    cpu = new double[size];
    apiPods = new int[size];
    hpaCpu = new double[size];
    p95 = new double[size];
    ready = new int[size];
    depth = new double[size * pools];
    age = new double[size * pools];
    view = new Observation(pools);
  }

  /** Stores the observation at step boundary {@code i} (the end of step i − 1). */
  void record(int i, long atMicros, double cpuPercent, int pods, double hpaCpuPercent, double p95Ms, int apiReady,
      WorkerQueue[] queues) {
    int s = i % size;
    index[s] = i;
    at[s] = atMicros;
    cpu[s] = cpuPercent;
    apiPods[s] = pods;
    hpaCpu[s] = hpaCpuPercent;
    p95[s] = p95Ms;
    ready[s] = apiReady;
    for (int p = 0; p < pools; p++) {
      depth[s * pools + p] = queues[p].depth();
      age[s * pools + p] = queues[p].oldestAgeSeconds();
    }
  }

  /** The observation at boundary {@code i}, or null if there is none (before the first step ended). */
  public Observation at(int i) {
    if (i < 1) {
      return null;
    }
    int s = i % size;
    if (index[s] != i) {
      return null;
    }
    view.atMicros = at[s];
    view.cpuPercent = cpu[s];
    view.apiPods = apiPods[s];
    view.hpaCpuPercent = hpaCpu[s];
    view.p95Ms = p95[s];
    view.apiReady = ready[s];
    for (int p = 0; p < pools; p++) {
      view.depth[p] = depth[s * pools + p];
      view.oldestAgeSeconds[p] = age[s * pools + p];
    }
    return view;
  }
}
