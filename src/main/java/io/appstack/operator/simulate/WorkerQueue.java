package io.appstack.operator.simulate;

/**
 * One worker pool's FIFO queue, exact to the job in a discrete-time model: the jobs arriving in a
 * step form one batch stamped at the middle of the step; ready workers serve up to
 * {@code workers × jobsPerSecond × step} jobs per step (fractions carry over), oldest batch first,
 * and a served job leaves at the end of the step. Jobs are whole numbers and are conserved:
 * after every step {@code arrived == done + queued}, or the step throws.
 *
 * <p>Per step it reports the queue depth and the oldest queued job's age at the end of the step
 * (what a metrics exporter would show), and the longest wait any job had during the step — the
 * age, at the step's end, of the oldest job present in it, whether it was served or not.
 */
public final class WorkerQueue {
  private long[] arrivalMicros = new long[64];
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
    // Jobs already queued are in the system for the whole step, new ones for half of it.
    jobSecondsInSystem += queued * dt + arrivals * dt / 2;
    if (arrivals > 0) {
      push(stepStartMicros + stepMicros / 2, arrivals);
      arrived += arrivals;
      queued += arrivals;
    }
    lastLongestWait = size > 0 ? (end - arrivalMicros[head]) / 1e6 : 0;
    longestWait = Math.max(longestWait, lastLongestWait);

    double budget = capacityCarry + capacityJobs;
    long serve = (long) Math.floor(budget);
    capacityCarry = budget - serve;
    if (serve >= queued) {
      capacityCarry = 0; // idle capacity is not saved up
    }
    while (serve > 0 && size > 0) {
      long take = Math.min(serve, remaining[head]);
      waitSecondsOfDone += take * ((end - arrivalMicros[head]) / 1e6);
      remaining[head] -= take;
      serve -= take;
      done += take;
      queued -= take;
      if (remaining[head] == 0) {
        head = (head + 1) % arrivalMicros.length;
        size--;
      }
    }
    lastOldestAge = size > 0 ? (end - arrivalMicros[head]) / 1e6 : 0;
    if (arrived != done + queued) {
      throw new IllegalStateException("jobs not conserved: arrived " + arrived + " != done " + done + " + queued "
          + queued);
    }
  }

  private void push(long at, long count) {
    if (size == arrivalMicros.length) {
      long[] a = new long[size * 2];
      long[] r = new long[size * 2];
      for (int i = 0; i < size; i++) {
        a[i] = arrivalMicros[(head + i) % size];
        r[i] = remaining[(head + i) % size];
      }
      arrivalMicros = a;
      remaining = r;
      head = 0;
    }
    int tail = (head + size) % arrivalMicros.length;
    arrivalMicros[tail] = at;
    remaining[tail] = count;
    size++;
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
