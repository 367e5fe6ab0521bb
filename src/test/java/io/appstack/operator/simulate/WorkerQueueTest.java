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
    // step 0: 10 jobs arrive at 2.5s, 4 served at 5s (waited 2.5s each)
    q.step(0, STEP, 10, 4);
    assertThat(q.depth()).isEqualTo(6);
    assertThat(q.oldestAgeSeconds()).isEqualTo(2.5);
    assertThat(q.longestWaitSeconds()).isEqualTo(2.5);
    // step 1: 2 more at 7.5s; 4 served at 10s from the first batch (waited 7.5s)
    q.step(STEP, STEP, 2, 4);
    assertThat(q.depth()).isEqualTo(4);
    assertThat(q.oldestAgeSeconds()).isEqualTo(7.5); // 2 left of the first batch
    // step 2: nothing new; 4 served: the first batch's last 2 (12.5s) and the second batch (7.5s)
    q.step(2 * STEP, STEP, 0, 4);
    assertThat(q.depth()).isZero();
    assertThat(q.oldestAgeSeconds()).isZero();
    assertThat(q.longestWaitSeconds()).isEqualTo(12.5);
    assertThat(q.done()).isEqualTo(12);
    assertThat(q.meanWaitSeconds()).isCloseTo((4 * 2.5 + 4 * 7.5 + 2 * 12.5 + 2 * 7.5) / 12, within(1e-12));
    assertThat(q.longestWaitEverSeconds()).isEqualTo(12.5);
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
