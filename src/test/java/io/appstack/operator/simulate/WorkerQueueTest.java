package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The worker queue: FIFO waits by hand, conservation on any input, Little's law on a stationary stretch. */
class WorkerQueueTest {
  static final long STEP = 5_000_000L;

  @Test
  void fifoWaitsByHand() {
    WorkerQueue q = new WorkerQueue();
    // step 0: 10 jobs arrive spread over [0, 5s): at 0.25s, 0.75s, …, 4.75s; the first 4 are served
    // at 5s (waits 4.75 + 4.25 + 3.75 + 3.25 = 16s)
    q.step(0, STEP, 10, 4);
    assertThat(q.depth()).isEqualTo(6);
    assertThat(q.oldestAgeSeconds()).isEqualTo(2.75); // job 4 arrived at 2.25s
    assertThat(q.longestWaitSeconds()).isEqualTo(4.75); // job 0, arrived at 0.25s
    // step 1: 2 more at 6.25s and 8.75s; jobs 4–7 of the first batch served at 10s (7.75 + 7.25 + 6.75 + 6.25 = 28s)
    q.step(STEP, STEP, 2, 4);
    assertThat(q.longestWaitSeconds()).isEqualTo(7.75);
    assertThat(q.depth()).isEqualTo(4);
    assertThat(q.oldestAgeSeconds()).isEqualTo(5.75); // job 8, arrived at 4.25s
    // step 2: nothing new; 4 served at 15s: jobs 8, 9 (10.75 + 10.25) and the second batch (8.75 + 6.25)
    q.step(2 * STEP, STEP, 0, 4);
    assertThat(q.depth()).isZero();
    assertThat(q.oldestAgeSeconds()).isZero();
    assertThat(q.longestWaitSeconds()).isEqualTo(10.75);
    assertThat(q.done()).isEqualTo(12);
    assertThat(q.meanWaitSeconds()).isCloseTo((16 + 28 + 21 + 15) / 12.0, within(1e-12));
    assertThat(q.longestWaitEverSeconds()).isEqualTo(10.75);
  }

  @Test
  void aJobServedInItsArrivalStepWaitsLessThanTheStep() {
    for (long jobs : new long[] {1, 2, 10, 1_000}) {
      WorkerQueue q = new WorkerQueue();
      q.step(0, STEP, jobs, jobs);
      assertThat(q.done()).isEqualTo(jobs);
      // the first job arrived at step/(2·jobs): it waited the rest of the step, no more
      assertThat(q.longestWaitSeconds()).as(jobs + " jobs").isEqualTo(5.0 - 2.5 / jobs).isLessThan(5.0);
      assertThat(q.meanWaitSeconds()).as(jobs + " jobs").isCloseTo(2.5, within(1e-9));
    }
  }

  @Test
  void waitsNeverCountTimeBeforeTheJobArrived() {
    // 10 jobs over [0, 5s), 8 served: the 2 left arrived at 4.25s and 4.75s, not at the batch's mean 2.5s.
    WorkerQueue q = new WorkerQueue();
    q.step(0, STEP, 10, 8);
    assertThat(q.oldestAgeSeconds()).isEqualTo(0.75);
    // next step: they are the oldest present; at its end job 8 has waited 10 − 4.25 = 5.75s
    q.step(STEP, STEP, 0, 2);
    assertThat(q.longestWaitSeconds()).isEqualTo(5.75);
    assertThat(q.meanWaitSeconds()).isCloseTo((8 * 5 - 0.5 * (8 * 8 / 2.0) + 5.75 + 5.25) / 10, within(1e-12));
  }

  @Test
  void fractionalCapacityCarriesOverOnlyWhileBusy() {
    WorkerQueue q = new WorkerQueue();
    for (int k = 0; k < 4; k++) {
      q.step(k * STEP, STEP, 10, 2.5); // busy: 2.5 per step → 2, 3, 2, 3
    }
    assertThat(q.done()).isEqualTo(10);
    WorkerQueue idle = new WorkerQueue();
    idle.step(0, STEP, 0, 0.9);
    idle.step(STEP, STEP, 1, 0.9); // the idle step's 0.9 is not saved up
    assertThat(idle.done()).isZero();
  }

  @Property(tries = 200)
  void jobsAreConservedEveryStep(@ForAll @Size(min = 1, max = 200) int[] arrivals,
      @ForAll @IntRange(min = 0, max = 40) int capacity) {
    WorkerQueue q = new WorkerQueue();
    long in = 0;
    for (int k = 0; k < arrivals.length; k++) {
      long a = Math.abs(arrivals[k] % 50);
      in += a;
      q.step(k * STEP, STEP, a, capacity + 0.3);
      assertThat(q.arrived()).isEqualTo(in);
      assertThat(q.done() + q.depth()).isEqualTo(in);
    }
  }

  @Test
  void littlesLawOnAStationaryStretch() {
    // Poisson arrivals at λ = 90 jobs/s against 100 jobs/s of service (ρ = 0.9), 5s steps.
    SplittableRandom rnd = new SplittableRandom(7);
    WorkerQueue q = new WorkerQueue();
    double lambda = 90;
    int warmup = 20_000;
    int steps = 220_000;
    double jobSeconds0 = 0;
    double waits0 = 0;
    long arrived0 = 0;
    long done0 = 0;
    for (int k = 0; k < steps; k++) {
      if (k == warmup) {
        jobSeconds0 = q.jobSecondsInSystem();
        waits0 = q.waitSecondsOfDone();
        arrived0 = q.arrived();
        done0 = q.done();
      }
      q.step(k * STEP, STEP, poisson(rnd, lambda * 5), 100 * 5);
    }
    double seconds = (steps - warmup) * 5.0;
    double meanQueue = (q.jobSecondsInSystem() - jobSeconds0) / seconds;
    double arrivalRate = (q.arrived() - arrived0) / seconds;
    double meanWait = (q.waitSecondsOfDone() - waits0) / (q.done() - done0);
    assertThat(arrivalRate).isCloseTo(lambda, within(0.5));
    assertThat(meanQueue).isGreaterThan(200); // a real queue, not just the half-step of each batch
    assertThat(meanQueue).isCloseTo(arrivalRate * meanWait, within(0.01 * meanQueue));
  }

  static long poisson(SplittableRandom rnd, double mean) {
    // Normal approximation with continuity correction; fine for means in the hundreds.
    double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
  }
}
