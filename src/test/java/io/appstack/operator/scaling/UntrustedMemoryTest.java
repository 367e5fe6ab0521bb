package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory comes back from status, which anyone who may write the status subresource can write.
 * A time after now in it is forgotten: it can neither freeze a window nor rate-limit forever.
 */
class UntrustedMemoryTest {
  static final Instant FAR_FUTURE = Instant.parse("2999-01-01T00:00:00Z");

  @Test
  void aWindowDatedInTheFutureDoesNotFreezeAScaleUp() {
    Harness h = new Harness(StackPolicy.defaults(), Phase.MEDIUM);
    String cpuRule = h.tick(snap().api(90, 100)).nextState().component(Component.API.key()).windows().keySet()
        .iterator().next();
    // A tenant moves the window's start to the far future, and the last scale-up with it.
    h.state = new ScalingState(Phase.MEDIUM, null, null, Map.of(Component.API.key(),
        new ComponentState(Map.of(cpuRule, FAR_FUTURE), FAR_FUTURE, null)));
    Evaluation e = h.hold(Duration.ofMinutes(6), Duration.ofSeconds(30), snap().api(90, 100));
    assertThat(h.replicas(Component.API)).as("scaled up within the up window as if fresh").isGreaterThan(3);
    assertThat(e.nextState().component(Component.API.key()).lastScaleUp()).isBefore(FAR_FUTURE);
  }

  @Test
  void promotionAndDemotionTimersDatedInTheFutureAreForgotten() {
    ScalingState tampered = new ScalingState(Phase.SMALL, FAR_FUTURE, FAR_FUTURE, Map.of());
    ScalingState read = tampered.notAfter(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(read.pressureSince()).isNull();
    assertThat(read.calmSince()).isNull();
    assertThat(read.phase()).isEqualTo(Phase.SMALL);
    ScalingState honest = new ScalingState(Phase.SMALL, Instant.parse("2026-12-01T00:00:00Z"), null, Map.of());
    assertThat(honest.notAfter(Instant.parse("2026-12-02T00:00:00Z"))).isEqualTo(honest);
  }
}
