package io.appstack.operator.simulate;

/**
 * The API tier, one step at a time. Ready pods serve {@code rpsPerPod} requests per second each at 100% CPU
 * of their request, and up to {@code maxCpuPercent} of it when they may use more (no CPU limit). Requests
 * beyond that wait in a backlog (FIFO, served first next step); a request that would wait longer than the
 * timeout is dropped. Per step:
 * <ul>
 *   <li>CPU% = 100 × served / (ready × rpsPerPod × step) — at most {@code maxCpuPercent};</li>
 *   <li>p95 = the M/M/c p95 of {@link ApiLatency} at ρ = arrivals / capacity when no backlog is
 *       left; with a backlog left, the cap plus the time to drain it (backlog / capacity).</li>
 * </ul>
 * The p95 is never above the timeout, whatever the latency cap: a request is dropped at the
 * timeout, so none is slower.
 */
public final class ApiModel {
  private final double rpsPerPod;
  private final double maxCpuShare;
  private final ApiLatency latency;
  private final double timeoutSeconds;

  private double backlog;
  private double served;
  private double dropped;
  private double offered;
  private double cpuPercent;
  private double p95Ms;
  private double utilisation;
  private boolean backlogged;

  /**
   * @param rpsPerPod requests per second a pod serves at 100% CPU of its request
   * @param maxCpuPercent the most CPU a pod uses, percent of its request (≥ 100): what it serves at most
   */
  public ApiModel(double rpsPerPod, double maxCpuPercent, ApiLatency latency, double timeoutSeconds) {
    if (!(rpsPerPod > 0) || !(timeoutSeconds > 0) || !(maxCpuPercent >= 100)) {
      throw new IllegalArgumentException("invalid API model");
    }
    this.rpsPerPod = rpsPerPod;
    this.maxCpuShare = maxCpuPercent / 100;
    this.latency = latency;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Advances one step of {@code dtSeconds} with {@code requests} arriving and {@code ready} pods serving. */
  public void step(double requests, int ready, double dtSeconds) {
    offered += requests;
    double capacityRate = ready * rpsPerPod * maxCpuShare;
    double capacity = capacityRate * dtSeconds;
    double queue = backlog + requests;
    double done = Math.min(queue, capacity);
    served += done;
    backlog = queue - done;
    double keep = capacityRate * timeoutSeconds;
    if (backlog > keep) {
      dropped += backlog - keep;
      backlog = keep;
    }
    cpuPercent = capacity > 0 ? 100 * maxCpuShare * done / capacity : 0;
    utilisation = capacity > 0 ? requests / capacity : (requests > 0 ? Double.POSITIVE_INFINITY : 0);
    backlogged = capacityRate <= 0 || backlog > 1e-9;
    double timeoutMs = timeoutSeconds * 1000;
    if (capacityRate <= 0) {
      p95Ms = timeoutMs;
    } else if (backlog > 1e-9) {
      p95Ms = Math.min(timeoutMs, latency.capMs() + 1000 * backlog / capacityRate);
    } else {
      p95Ms = Math.min(timeoutMs, latency.p95Ms(requests / capacity));
    }
  }

  public double cpuPercent() {
    return cpuPercent;
  }

  public double p95Ms() {
    return p95Ms;
  }

  /** Arrivals of the last step over its capacity (ρ). */
  public double utilisation() {
    return utilisation;
  }

  /** True when the last step ended with requests still waiting (or no pod to serve them). */
  public boolean backlogged() {
    return backlogged;
  }

  public double backlog() {
    return backlog;
  }

  /** Requests arrived so far. */
  public double offered() {
    return offered;
  }

  /** Requests served so far. */
  public double served() {
    return served;
  }

  /** Requests dropped after waiting longer than the timeout. */
  public double dropped() {
    return dropped;
  }
}
