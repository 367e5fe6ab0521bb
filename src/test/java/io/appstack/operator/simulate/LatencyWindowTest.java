package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The p95 the engine's default query would return: a histogram quantile over a window of steps. */
class LatencyWindowTest {
  final ApiLatency latency = new ApiLatency(50, 50, 10_000);

  @Test
  void steadyLoadReadsTheModelsOwnP95() {
    for (double rho : new double[] {0.3, 0.9, 0.98, 0.995}) {
      LatencyWindow w = new LatencyWindow(latency, 60);
      for (int k = 0; k < 60; k++) {
        w.add(5_000, rho, 0);
      }
      assertThat(w.p95Ms()).as("rho " + rho).isCloseTo(latency.p95Ms(rho), within(0.02 * latency.p95Ms(rho)));
    }
  }

  @Test
  void noRequestsInTheWindowIsZeroAsTheDefaultQueryAnswers() {
    LatencyWindow w = new LatencyWindow(latency, 3);
    assertThat(w.p95Ms()).isZero();
    w.add(100, 0.5, 0);
    assertThat(w.p95Ms()).isPositive();
    w.add(0, 0, 0);
    w.add(0, 0, 0);
    w.add(0, 0, 0); // the step with requests has left the window
    assertThat(w.p95Ms()).isZero();
  }

  @Test
  void aFewBackloggedStepsPushTheWindowAboveTheirShare() {
    LatencyWindow w = new LatencyWindow(latency, 60);
    for (int k = 0; k < 57; k++) {
      w.add(7_500, 0.5, 0);
    }
    for (int k = 0; k < 3; k++) {
      w.add(22_500, 1.0, 12_000); // 14% of the requests waited 12s
    }
    assertThat(w.p95Ms()).isGreaterThan(5_000);
    LatencyWindow light = new LatencyWindow(latency, 60);
    for (int k = 0; k < 59; k++) {
      light.add(10_000, 0.5, 0);
    }
    light.add(1_000, 1.0, 12_000); // 0.17% slow: below the 5% tail
    assertThat(light.p95Ms()).isLessThan(200);
  }

  @Test
  void neverReadsAboveTheSlowestRequestItHolds() {
    // Every request at the 60s timeout: the histogram interpolation alone says ~65s (bounds 56.9s, 66.0s).
    LatencyWindow atTimeout = new LatencyWindow(latency, 60);
    for (int k = 0; k < 60; k++) {
      atTimeout.add(5_000, 1.0, 60_000);
    }
    assertThat(atTimeout.p95Ms()).isEqualTo(60_000);
    // Saturated without a backlog: the model's p95 is its cap (10s), not the histogram's last bound (120s).
    LatencyWindow saturated = new LatencyWindow(latency, 60);
    for (int k = 0; k < 60; k++) {
      saturated.add(5_000, 1.0, 0);
    }
    assertThat(saturated.p95Ms()).isEqualTo(10_000);
  }
}
