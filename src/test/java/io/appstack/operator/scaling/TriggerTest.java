package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** p95 and the oldest job's wait: triggers that add one bounded step, never a size in proportion to themselves. */
class TriggerTest {
  static final Component EMAILS = Component.worker("emails");
  static final Duration POLL = Duration.ofSeconds(15);

  @Test
  void p95OverItsLimitForUpForAddsHalfTheCountOnce() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 4);
    h.tick(snap().api(70, 2_000).worker("emails", 0, 0));
    h.hold(Duration.ofSeconds(45), POLL, snap().api(70, 2_000).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).isEqualTo(4);
    assertThat(h.decision(Component.API).reason()).contains("p95 2000ms > 500ms for 45s of 1m");
    h.tickAfter(POLL, snap().api(70, 2_000).worker("emails", 0, 0));
    ReplicaDecision step = h.decision(Component.API);
    assertThat(step.to()).as("+50% of 4, not 4 × 2000 / 500").isEqualTo(6);
    assertThat(step.rule()).isEqualTo(Rules.API_P95);
    assertThat(step.reason()).isEqualTo("api 4→6: p95 2000ms > 500ms for 1m: +50%");
    // The next step needs another minute of evidence about the new count.
    h.hold(Duration.ofSeconds(45), POLL, snap().api(70, 2_000).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).isEqualTo(6);
    h.tickAfter(POLL, snap().api(70, 2_000).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).isEqualTo(9);
  }

  @Test
  void aStepIsAtLeastOnePod() {
    Harness h = new Harness(StackPolicy.defaults("emails").withTriggerStep(0.1), Phase.SMALL);
    h.tick(snap().api(70, 900).worker("emails", 0, 0));
    h.hold(Duration.ofMinutes(1), POLL, snap().api(70, 900).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).as("10% of 2 rounds up to one pod").isEqualTo(3);
  }

  @Test
  void noScaleDownWhileATriggerIsExceeded() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 10);
    // CPU alone would want 2, but p95 is over its limit: nothing goes down (and the step is capped at the max).
    h.tick(snap().api(10, 900).worker("emails", 0, 0));
    h.hold(Duration.ofMinutes(10), POLL, snap().api(10, 900).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aPoolsOldestJobWaitingTooLongAddsAStepAtOnce() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(EMAILS, 4);
    h.tick(snap().api(70, 100).worker("emails", 3_900, 90)); // depth is fine (3,900 for 4), the wait is not
    ReplicaDecision step = h.decision(EMAILS);
    assertThat(step.to()).isEqualTo(6);
    assertThat(step.rule()).isEqualTo(Rules.WORKER_WAIT);
    assertThat(step.reason()).isEqualTo("worker emails 4→6: wait 90s > 60s: +50%");
  }
}
