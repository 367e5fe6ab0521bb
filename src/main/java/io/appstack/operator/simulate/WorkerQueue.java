package io.appstack.operator.simulate;

/**
 * One worker pool's FIFO queue, exact to the job in a discrete-time model: the m jobs arriving in a
 * step form one batch spread evenly over the step — job i arrives at {@code start + (i + ½) × step / m}
 * — since the load gives only a count per step (a count spread evenly over its interval; arrivals
 * counted per step; jobs derived from requests are not tied to one request's time). Ready workers
 * serve up to {@code workers × jobsPerSecond × step} jobs per step (fractions carry over), oldest job
 * first, and a served job leaves at the end of the step. A batch is two numbers, not m objects.
 * Jobs are whole numbers and are conserved: after every step {@code arrived == done + queued}, or
 * the step throws.
 *
 * <p>Waits are measured from each job's own arrival, never from before it: a job served in the step
 * it arrived in waits less than the step. Per step the queue reports its depth and the oldest
 * queued job's age at the end of the step (what a metrics exporter would show), and the longest wait
 * any job had during the step — the age, at the step's end, of the oldest job present in it, whether
 * it was served or not.
 */
public final class WorkerQueue {
  private long[] startMicros = new long[64]; // per batch: its step's start; jobs spread over spanMicros
  private long[] spanMicros = new long[64];
  private long[] size0 = new long[64]; // jobs the batch arrived with
  private long[] remaining = new long[64];
  private int head;
  private int size;

  private long arrived;
  private long done;
  private long queued;
  private double capacityCarry;
  private double jobSecondsInSystem;
  private double waitSecondsOfDone;
  private double lastLongestWait;
  private double lastOldestAge;
  private double longestWait;

  /**
   * Advances one step.
   *
   * @param stepStartMicros start of the step (any fixed origin)
   * @param stepMicros length of the step
   * @param arrivals jobs arriving during the step
   * @param capacityJobs jobs the ready workers can finish in the step (may be fractional)
   */
  public void step(long stepStartMicros, long stepMicros, long arrivals, double capacityJobs) {
    if (arrivals < 0 || capacityJobs < 0) {
      throw new IllegalArgumentException("negative arrivals or capacity");
    }
    long end = stepStartMicros + stepMicros;
    double dt = stepMicros / 1e6;
    // Jobs already queued are in the system for the whole step, new ones (spread evenly) half of it on average.
    jobSecondsInSystem += queued * dt + arrivals * dt / 2;
    if (arrivals > 0) {
      push(stepStartMicros, stepMicros, arrivals);
      arrived += arrivals;
      queued += arrivals;
    }
    lastLongestWait = size > 0 ? (end - nextArrivalMicros()) / 1e6 : 0;
    longestWait = Math.max(longestWait, lastLongestWait);

    double budget = capacityCarry + capacityJobs;
    long serve = (long) Math.floor(budget);
    capacityCarry = budget - serve;
    if (serve >= queued) {
      capacityCarry = 0; // idle capacity is not saved up
    }
    while (serve > 0 && size > 0) {
      long take = Math.min(serve, remaining[head]);
      // Jobs a … a + take − 1 of the batch wait Σ (end − start − (i + ½)·span/m)
      //   = take·(end − start) − span/m·(take·a + take²/2).
      double a = size0[head] - remaining[head];
      waitSecondsOfDone += (take * (double) (end - startMicros[head])
          - (double) spanMicros[head] / size0[head] * (take * a + take * (double) take / 2)) / 1e6;
      remaining[head] -= take;
      serve -= take;
      done += take;
      queued -= take;
      if (remaining[head] == 0) {
        head = (head + 1) % startMicros.length;
        size--;
      }
    }
    lastOldestAge = size > 0 ? (end - nextArrivalMicros()) / 1e6 : 0;
    if (arrived != done + queued) {
      throw new IllegalStateException("jobs not conserved: arrived " + arrived + " != done " + done + " + queued "
          + queued);
    }
  }

  // Arrival of the oldest queued job: the head batch's first unserved one.
  private double nextArrivalMicros() {
    double i = size0[head] - remaining[head];
    return startMicros[head] + (i + 0.5) * spanMicros[head] / size0[head];
  }

  private void push(long start, long span, long count) {
    if (size == startMicros.length) {
      startMicros = grown(startMicros);
      spanMicros = grown(spanMicros);
      size0 = grown(size0);
      remaining = grown(remaining);
      head = 0;
    }
    int tail = (head + size) % startMicros.length;
    startMicros[tail] = start;
    spanMicros[tail] = span;
    size0[tail] = count;
    remaining[tail] = count;
    size++;
  }

  // The ring unrolled from head into an array twice as long (called when full).
  private long[] grown(long[] ring) {
    long[] out = new long[size * 2];
    for (int i = 0; i < size; i++) {
      out[i] = ring[(head + i) % size];
    }
    return out;
  }

  /** Jobs waiting at the end of the last step. */
  public long depth() {
    return queued;
  }

  /** Age in seconds of the oldest waiting job at the end of the last step (0 when empty). */
  public double oldestAgeSeconds() {
    return lastOldestAge;
  }

  /** Longest wait of any job present during the last step, in seconds. */
  public double longestWaitSeconds() {
    return lastLongestWait;
  }

  /** Longest wait seen in any step so far. */
  public double longestWaitEverSeconds() {
    return longestWait;
  }

  public long arrived() {
    return arrived;
  }

  public long done() {
    return done;
  }

  /** Sum over all jobs of the time each spent in the queue so far (∫ jobs dt), in job-seconds. */
  public double jobSecondsInSystem() {
    return jobSecondsInSystem;
  }

  /** Sum of the waits of all finished jobs, in seconds. */
  public double waitSecondsOfDone() {
    return waitSecondsOfDone;
  }

  /** Mean wait of the finished jobs, in seconds (0 if none). */
  public double meanWaitSeconds() {
    return done == 0 ? 0 : waitSecondsOfDone / done;
  }
}
