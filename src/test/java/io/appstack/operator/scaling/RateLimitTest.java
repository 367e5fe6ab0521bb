package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.RateLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Up at most max(×2, +4) per 15s; down at most −50% (≥ 1 pod) per minute; into the bounds by the same steps. */
class RateLimitTest {
  static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  static final StepLimiter LIMITER = new StepLimiter(RateLimits.defaults());
  static final Bounds WIDE = new Bounds(0, 100);

  @ParameterizedTest(name = "up {0} → wants {1} → {2}")
  @CsvSource({
      "0, 10, 4",
      "2, 40, 6",
      "3, 40, 7",
      "4, 40, 8",
      "10, 40, 20",
      "30, 40, 40",
      "4, 6, 6",
  })
  void upSteps(int current, long wanted, int expected) {
    assertThat(LIMITER.up(current, wanted, WIDE, null, T).to()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "down {0} → wants {1} → {2}")
  @CsvSource({
      "10, 0, 5",
      "9, 0, 5",    // half of 9 may go; what stays rounds up, like the HPA's
      "2, 0, 1",
      "1, 0, 0",
      "10, 7, 7",
  })
  void downSteps(int current, long wanted, int expected) {
    assertThat(LIMITER.down(current, wanted, WIDE, null, T).to()).isEqualTo(expected);
  }

  @Test
  void oneStepPerPeriodInEachDirection() {
    assertThat(LIMITER.up(4, 40, WIDE, T, T.plusSeconds(14)).holdRule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    assertThat(LIMITER.up(4, 40, WIDE, T, T.plusSeconds(15)).to()).isEqualTo(8);
    assertThat(LIMITER.down(10, 0, WIDE, T, T.plusSeconds(59)).holdRule()).isEqualTo(Rules.HOLD_RATE_LIMIT);
    assertThat(LIMITER.down(10, 0, WIDE, T, T.plusSeconds(60)).to()).isEqualTo(5);
  }

  @Test
  void aCountOutsideTheBoundsMovesIntoThemByTheSameSteps() {
    Bounds bounds = new Bounds(2, 6);
    assertThat(LIMITER.intoRange(20, bounds, null, null, T).to()).isEqualTo(10);
    assertThat(LIMITER.intoRange(10, bounds, null, null, T).to()).isEqualTo(6);
    assertThat(LIMITER.intoRange(0, new Bounds(12, 20), null, null, T).to()).isEqualTo(4);
    assertThat(LIMITER.intoRange(20, bounds, null, T, T.plus(Duration.ofSeconds(30))).holdRule())
        .isEqualTo(Rules.HOLD_RATE_LIMIT);
  }
}
