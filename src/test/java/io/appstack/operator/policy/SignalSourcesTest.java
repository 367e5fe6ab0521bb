package io.appstack.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.testing.LenientYaml;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A signal is defined once: every signal the engine knows has exactly one source of queries. */
class SignalSourcesTest {
  @Test
  void everySignalHasExactlyOneSource() {
    assertThat(Arrays.stream(SignalSources.values()).map(SignalSources::signal))
        .containsExactlyInAnyOrder(Signal.values());
  }

  /** What the simulator leaves out for a stack, so that its engine reads what the operator would. */
  @Test
  void theSignalsAStackHasNoQueryForAreUnconfigured() {
    AppStack stack = LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop, namespace: ns}
        spec:
          api: {image: acme/api:1, scaling: {queries: {cpu: 'avg(my_cpu)'}}}
          workers:
            - {name: mail, image: w, queue: mail, queueBackend: bullmq}
            - {name: resize, image: w, queue: "jobs:resize", queueBackend: redisList}
            - {name: legacy, image: w, queue: legacy}
            - name: aged
              image: w
              queue: aged
              queueBackend: bullmq
              scaling: {queries: {oldestJobAgeSeconds: 'max(my_oldest_job_seconds)'}}
        """, AppStack.class);

    assertThat(SignalSources.unconfigured(stack.getSpec())).isEqualTo(Map.of(
        // an own CPU query is taken as over the current count: no pods figure
        Component.API, Set.of(Signal.API_PODS),
        Component.worker("mail"), Set.of(Signal.OLDEST_JOB_AGE_SECONDS),
        Component.worker("resize"), Set.of(Signal.OLDEST_JOB_AGE_SECONDS)));
  }
}
