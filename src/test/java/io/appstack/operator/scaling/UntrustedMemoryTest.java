package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.state.ComponentState;
import io.appstack.operator.scaling.state.Recommendations;
import io.appstack.operator.scaling.state.ScalingState;
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
    h.set(Component.API, 3);
    h.tick(snap().api(140, 2_000));
    // A tenant moves every window's start to the far future, and the last scale-up with it.
    h.state = new ScalingState(Phase.MEDIUM, null, null, Map.of(Component.API.key(),
        new ComponentState(Map.of(Rules.API_P95, FAR_FUTURE),
            new Recommendations(java.util.List.of(new Recommendations.Level(6, FAR_FUTURE)), java.util.List.of()),
            FAR_FUTURE, null)));
    Evaluation e = h.hold(Duration.ofMinutes(2), Duration.ofSeconds(15), snap().api(140, 2_000));
    assertThat(h.replicas(Component.API)).as("scaled up within the up window as if fresh").isGreaterThan(3);
    assertThat(e.nextState().component(Component.API.key()).lastScaleUp()).isBefore(FAR_FUTURE);
  }

  @Test
  void recommendationLevelsOutOfStepAreDroppedWhenReadBack() {
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    Recommendations read = Recommendations.of(
        java.util.List.of(new Recommendations.Level(9, t), new Recommendations.Level(7, t.plusSeconds(60))),
        java.util.List.of(new Recommendations.Level(1, t), new Recommendations.Level(1, t.plusSeconds(5))));
    // An up level above another must have started no earlier; a level may appear once.
    assertThat(read.up()).extracting(Recommendations.Level::replicas).containsExactly(7);
    assertThat(read.down()).extracting(Recommendations.Level::since).containsExactly(t);
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
