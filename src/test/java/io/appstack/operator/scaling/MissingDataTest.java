package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.MissingSignal;
import io.appstack.operator.scaling.signal.Signal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A configured signal that is missing, NaN, infinite, negative or stale is never read as zero: it never causes a
 * scale-up and it holds scale-down. A signal the stack has not configured takes no part.
 */
class MissingDataTest {
  static final Component EMAILS = Component.worker("emails");
  static final Duration POLL = Duration.ofSeconds(15);

  @Test
  void missingCpuHoldsTheApiForeverAndSaysSo() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 8);
    MetricsSnapshot noCpu = MetricsSnapshot.builder()
        .missing(Component.API, Signal.API_CPU_PERCENT, "query failed: timeout")
        .api(Signal.API_P95_MS, 50, Harness.T0).worker("emails", Signal.QUEUE_DEPTH, 0, Harness.T0)
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 0, Harness.T0).build();
    Evaluation e = h.tick(noCpu);
    assertThat(e.decision(Component.API).rule()).isEqualTo(Rules.HOLD_METRICS_MISSING);
    assertThat(e.decision(Component.API).reason()).contains("cpu missing (query failed: timeout)");
    assertThat(e.missingSignals()).extracting(MissingSignal::signal).containsExactly(Signal.API_CPU_PERCENT);
    for (int i = 0; i < 60; i++) {
      h.clock.advance(POLL);
      h.tick(noCpu);
    }
    assertThat(h.replicas(Component.API)).as("15 minutes of a low p95 do not shrink it").isEqualTo(8);
  }

  @Test
  void everyKindOfBadValueIsMissingNotZero() {
    Instant now = Harness.T0;
    double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, -3};
    for (double value : bad) {
      MetricsSnapshot m = MetricsSnapshot.builder().worker("emails", Signal.QUEUE_DEPTH, value, now).build();
      assertThat(m.read(EMAILS, Signal.QUEUE_DEPTH, now, Duration.ofMinutes(2)).healthy()).as("" + value).isFalse();
    }
    MetricsSnapshot stale = MetricsSnapshot.builder().worker("emails", Signal.QUEUE_DEPTH, 5, now).build();
    Reading r = stale.read(EMAILS, Signal.QUEUE_DEPTH, now.plus(Duration.ofMinutes(3)), Duration.ofMinutes(2));
    assertThat(r.healthy()).isFalse();
    assertThat(r.problem()).isEqualTo("stale (3m old)");
  }

  @Test
  void aMissingDepthNeverScalesAPoolUpOrDown() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(EMAILS, 6);
    MetricsSnapshot noDepth = MetricsSnapshot.builder().api(Signal.API_CPU_PERCENT, 70, Harness.T0)
        .api(Signal.API_P95_MS, 50, Harness.T0).missing(EMAILS, Signal.QUEUE_DEPTH, "no data")
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 0, Harness.T0).build();
    for (int i = 0; i < 60; i++) {
      h.tick(noDepth);
      h.clock.advance(POLL);
    }
    assertThat(h.replicas(EMAILS)).isEqualTo(6);
  }

  @Test
  void missingDataResetsTheDownWindow() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(Component.API, 8);
    h.tick(snap().api(20, 50).worker("emails", 0, 0));
    h.hold(Duration.ofMinutes(4), POLL, snap().api(20, 50).worker("emails", 0, 0));
    h.clock.advance(POLL);
    h.tick(MetricsSnapshot.builder().missing(Component.API, Signal.API_CPU_PERCENT, "no data")
        .api(Signal.API_P95_MS, 50, h.clock.instant()).worker("emails", Signal.QUEUE_DEPTH, 0, h.clock.instant())
        .worker("emails", Signal.OLDEST_JOB_AGE_SECONDS, 0, h.clock.instant()).build());
    h.hold(Duration.ofMinutes(5), POLL, snap().api(20, 50).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).as("the window started again after the gap (4m30s)").isEqualTo(8);
    h.tickAfter(POLL, snap().api(20, 50).worker("emails", 0, 0));
    assertThat(h.replicas(Component.API)).isLessThan(8);
  }

  @Test
  void anUnconfiguredWaitTakesNoPartAndDoesNotHoldScaleDown() {
    Harness h = new Harness(StackPolicy.defaults("emails"), Phase.SMALL);
    h.set(EMAILS, 6);
    h.tick(snap().api(70, 50).workerWithoutWait("emails", 0));
    h.hold(Duration.ofMinutes(5), POLL, snap().api(70, 50).workerWithoutWait("emails", 0));
    assertThat(h.replicas(EMAILS)).isLessThan(6);
    assertThat(h.last.missingSignals()).isEmpty();
  }
}
