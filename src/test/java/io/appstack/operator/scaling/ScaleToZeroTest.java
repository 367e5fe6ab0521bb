package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.GlobalLimits;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pool whose minimum is 0: an empty queue for downFor stops it, and a job wakes it at once. */
class ScaleToZeroTest {
  static final Component EMAILS = Component.worker("emails");
  static final Duration POLL = Duration.ofSeconds(15);

  static StackPolicy zeroable() {
    StackPolicy p = StackPolicy.defaults("emails").withWorker(WorkerPolicy.defaults("emails").withBounds(0, null));
    return p.withLimits(new GlobalLimits(p.limits().api(), new Bounds(0, 50)));
  }

  @Test
  void anEmptyQueueForTheDownWindowStopsThePoolAndAJobWakesItAtOnce() {
    Harness h = new Harness(zeroable(), Phase.SMALL);
    h.set(EMAILS, 2);
    h.tick(snap().api(70, 100).workerWithoutWait("emails", 0));
    h.hold(Duration.ofMinutes(4).plusSeconds(45), POLL, snap().api(70, 100).workerWithoutWait("emails", 0));
    assertThat(h.replicas(EMAILS)).isEqualTo(2);
    h.tickAfter(POLL, snap().api(70, 100).workerWithoutWait("emails", 0));
    assertThat(h.replicas(EMAILS)).as("−50% of 2 is one pod; the last one goes a minute later").isEqualTo(1);
    h.hold(Duration.ofMinutes(1), POLL, snap().api(70, 100).workerWithoutWait("emails", 0));
    assertThat(h.replicas(EMAILS)).isZero();

    h.tickAfter(POLL, snap().api(70, 100).workerWithoutWait("emails", 3));
    ReplicaDecision wake = h.decision(EMAILS);
    assertThat(wake.from()).isZero();
    assertThat(wake.to()).isEqualTo(1);
    assertThat(wake.reason()).isEqualTo("worker emails 0→1: a job is waiting");
  }

  @Test
  void withTheDefaultMinimumItStopsAtTwo() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(EMAILS, 6);
    h.tick(snap().api(70, 100).workerWithoutWait("emails", 0));
    h.hold(Duration.ofMinutes(15), POLL, snap().api(70, 100).workerWithoutWait("emails", 0));
    assertThat(h.replicas(EMAILS)).isEqualTo(2);
    assertThat(h.decision(EMAILS).rule()).isEqualTo(Rules.HOLD_FLOOR);
  }
}
