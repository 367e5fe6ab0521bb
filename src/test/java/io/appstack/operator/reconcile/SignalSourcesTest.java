package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.Signal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A signal is defined once: every signal the engine knows has exactly one source of queries. */
class SignalSourcesTest {
  @Test
  void everySignalHasExactlyOneSource() {
    assertThat(Arrays.stream(SignalSources.values()).map(SignalSources::signal))
        .containsExactlyInAnyOrder(Signal.values());
  }
}
