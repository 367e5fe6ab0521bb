package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodsTest {
  static final long S = 1_000_000L;

  @Test
  void newPodsBecomeReadyAfterTheStartupDelay() {
    Pods pods = new Pods(2, 30 * S);
    pods.scaleTo(5, 10 * S);
    assertThat(pods.desired()).isEqualTo(5);
    pods.advance(39 * S);
    assertThat(pods.ready()).isEqualTo(2);
    pods.advance(40 * S);
    assertThat(pods.ready()).isEqualTo(5);
  }

  @Test
  void scaleDownRemovesAtOnceNotYetReadyPodsFirst() {
    Pods pods = new Pods(4, 30 * S);
    pods.scaleTo(6, 0);
    pods.scaleTo(8, 10 * S);
    pods.scaleTo(5, 20 * S); // removes the 2 newest pending, then 1 of the older pending
    assertThat(pods.desired()).isEqualTo(5);
    assertThat(pods.ready()).isEqualTo(4);
    pods.advance(30 * S);
    assertThat(pods.ready()).isEqualTo(5);
    pods.scaleTo(2, 31 * S);
    assertThat(pods.ready()).isEqualTo(2);
  }

  @Test
  void zeroStartupIsReadyAtOnce() {
    Pods pods = new Pods(1, 0);
    pods.scaleTo(3, 0);
    assertThat(pods.ready()).isEqualTo(3);
  }
}
