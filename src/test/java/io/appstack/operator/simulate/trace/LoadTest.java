package io.appstack.operator.simulate.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.appstack.operator.simulate.InputException;
import org.junit.jupiter.api.Test;

/** Per-minute statistics and the three ways of rescaling a load. */
class LoadTest {
  // Five minutes at 1, 2, 3, 4, 10 requests/s, on a 5s grid (12 steps per minute).
  static Load fiveMinutes() {
    double[] perStep = new double[60];
    double[] rates = {1, 2, 3, 4, 10};
    for (int k = 0; k < perStep.length; k++) {
      perStep[k] = rates[k / 12] * 5;
    }
    return Load.of(0, 5, perStep);
  }

  @Test
  void medianAndPeakArePerMinuteRates() {
    Load load = fiveMinutes();
    assertThat(load.minuteRates()).containsExactly(1, 2, 3, 4, 10);
    assertThat(load.medianRps()).isEqualTo(3);
    assertThat(load.peakRps()).isEqualTo(10);
  }

  @Test
  void medianAloneScalesEveryStepByOneFactor() {
    Load scaled = fiveMinutes().rescaled(300.0, null);
    assertThat(scaled.medianRps()).isCloseTo(300, within(1e-9));
    assertThat(scaled.peakRps()).isCloseTo(1000, within(1e-9));
    assertThat(scaled.total()).isCloseTo(fiveMinutes().total() * 100, within(1e-6));
  }

  @Test
  void peakAloneScalesEveryStepByOneFactor() {
    Load scaled = fiveMinutes().rescaled(null, 50.0);
    assertThat(scaled.peakRps()).isCloseTo(50, within(1e-9));
    assertThat(scaled.medianRps()).isCloseTo(15, within(1e-9));
  }

  @Test
  void bothHitBothWithAPowerMapKeepingZerosAndOrder() {
    double[] perStep = new double[72];
    double[] rates = {0, 1, 2, 3, 4, 10};
    for (int k = 0; k < perStep.length; k++) {
      perStep[k] = rates[k / 12] * 5;
    }
    Load scaled = Load.of(0, 5, perStep).rescaled(800.0, 5000.0);
    // median (nearest rank) of {0,1,2,3,4,10} is 2 → 800; peak 10 → 5000
    assertThat(scaled.medianRps()).isCloseTo(800, within(1e-6));
    assertThat(scaled.peakRps()).isCloseTo(5000, within(1e-6));
    double[] m = scaled.minuteRates();
    assertThat(m[0]).isZero();
    for (int i = 1; i < m.length; i++) {
      assertThat(m[i]).isGreaterThan(m[i - 1]);
    }
  }

  @Test
  void impossibleRescalingIsAnInputError() {
    assertThatThrownBy(() -> fiveMinutes().rescaled(-1.0, null)).isInstanceOf(InputException.class);
    assertThatThrownBy(() -> fiveMinutes().rescaled(500.0, 100.0)).hasMessage("--peak-rps must be above --median-rps");
    Load idle = Load.of(0, 5, new double[24]);
    assertThatThrownBy(() -> idle.rescaled(100.0, null)).hasMessageContaining("median per-minute rate is 0");
  }

  @Test
  void stepMustDivideAMinute() {
    assertThatThrownBy(() -> Load.of(0, 7, new double[3])).isInstanceOf(InputException.class)
        .hasMessageStartingWith("--step must divide a minute");
  }
}
