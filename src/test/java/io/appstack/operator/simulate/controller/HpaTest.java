package io.appstack.operator.simulate.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The HPA model against the Kubernetes documentation ("Horizontal Pod Autoscaling", algorithm
 * details and configurable scaling behavior), step by step by hand.
 */
class HpaTest {
  static final long S = 1_000_000L;
  static final double TOLERANCE = 0.1;

  static Hpa hpa(int min, int max) {
    return new Hpa(min, max, Hpa.Behavior.defaultScaleUp(), Hpa.Behavior.defaultScaleDown(300 * S));
  }

  @Test
  void docsExampleDoublesWhenTheMetricIsTwiceTheTarget() {
    // "if the current metric value is 200m, and the desired value is 100m, the number of replicas will be doubled"
    assertThat(Hpa.utilizationReplicas(1, 200, 1, 0, 100, TOLERANCE)).isEqualTo(2);
    // "if the current value is instead 50m, you'll halve the number of replicas"
    assertThat(Hpa.utilizationReplicas(4, 50, 4, 0, 100, TOLERANCE)).isEqualTo(2);
    // desiredReplicas = ceil[currentReplicas × (currentMetricValue / desiredMetricValue)]
    assertThat(Hpa.utilizationReplicas(3, 90, 3, 0, 70, TOLERANCE)).isEqualTo(4); // ceil(3 × 1.286) = 4
  }

  @Test
  void withinTheToleranceNothingMoves() {
    // "If the ratio is sufficiently close to 1.0 (within a globally-configurable tolerance, 0.1 by default)"
    assertThat(Hpa.utilizationReplicas(4, 75, 4, 0, 70, TOLERANCE)).isEqualTo(4); // ratio 1.07
    assertThat(Hpa.utilizationReplicas(4, 64, 4, 0, 70, TOLERANCE)).isEqualTo(4); // ratio 0.914
    assertThat(Hpa.utilizationReplicas(4, 78, 4, 0, 70, TOLERANCE)).isEqualTo(5); // ratio 1.114 → ceil(4.46)
    assertThat(Hpa.averageValueReplicas(3, 3_200, 1_000, TOLERANCE)).isEqualTo(3); // ratio 1.067
    assertThat(Hpa.averageValueReplicas(3, 3_400, 1_000, TOLERANCE)).isEqualTo(4); // ratio 1.133 → ceil(3.4)
  }

  @Test
  void notYetReadyPodsCountAsZeroOnAScaleUp() {
    // 2 ready pods at 140% of a 70% target, 2 starting: (2 × 140) / (4 × 70) = 1.0 → within tolerance, hold 4
    assertThat(Hpa.utilizationReplicas(4, 140, 2, 2, 70, TOLERANCE)).isEqualTo(4);
    // 2 ready at 210%: (2 × 210) / (4 × 70) = 1.5 → ceil(1.5 × 4) = 6
    assertThat(Hpa.utilizationReplicas(4, 210, 2, 2, 70, TOLERANCE)).isEqualTo(6);
    // on a scale-down the unready pods are ignored: ceil(0.5 × 2) = 1
    assertThat(Hpa.utilizationReplicas(4, 35, 2, 2, 70, TOLERANCE)).isEqualTo(1);
  }

  @Test
  void scaleDownStabilisationTakesTheHighestRecommendationOfTheWindow() {
    Hpa hpa = hpa(1, 20);
    int current = 10;
    current = hpa.reconcile(0, current, 10);
    current = hpa.reconcile(15 * S, current, 6);
    assertThat(current).isEqualTo(10); // 10 is still in the 300s window
    current = hpa.reconcile(150 * S, current, 4);
    assertThat(current).isEqualTo(10);
    current = hpa.reconcile(300 * S, current, 4); // the 10 at t=0 left the window (strictly older than 300s)
    assertThat(current).isEqualTo(6); // highest left: 6 (t=15s)
    current = hpa.reconcile(315 * S, current, 4);
    assertThat(current).isEqualTo(4);
  }

  @Test
  void scaleUpIsLimitedToMaxOfDoubleOrFourPodsPer15s() {
    // Default scaleUp: policies Percent 100 and Pods 4 per 15s, selectPolicy Max; no stabilisation window.
    Hpa hpa = hpa(1, 50);
    int current = hpa.reconcile(0, 1, 30);
    assertThat(current).isEqualTo(5); // max(1 × 2, 1 + 4)
    assertThat(hpa.reconcile(5 * S, current, 30)).isEqualTo(5); // same period: 4 pods already added
    current = hpa.reconcile(15 * S, current, 30);
    assertThat(current).isEqualTo(10); // max(5 × 2, 5 + 4)
    current = hpa.reconcile(30 * S, current, 30);
    assertThat(current).isEqualTo(20);
    current = hpa.reconcile(45 * S, current, 30);
    assertThat(current).isEqualTo(30);
  }

  @Test
  void scaleDownDefaultAllowsAllAtOnceDownToMin() {
    // Default scaleDown: Percent 100 per 15s. Without history the window holds only this recommendation.
    assertThat(hpa(3, 10).reconcile(0, 10, 1)).isEqualTo(3);
    assertThat(hpa(1, 10).reconcile(0, 10, 2)).isEqualTo(2);
  }

  @Test
  void outsideTheRangeIsClampedFirst() {
    Hpa hpa = hpa(3, 5);
    assertThat(hpa.reconcile(0, 8, 8)).isEqualTo(5);
    assertThat(hpa(3, 5).reconcile(0, 1, 1)).isEqualTo(3);
    assertThat(hpa(3, 5).reconcile(0, 5, 12)).isEqualTo(5); // capped at max
  }
}
