package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.SignalQuery;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.testing.LenientYaml;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each queueBackend picks its depth query; a backend that cannot say how old a job is leaves the wait out. */
class QueuePresetsTest {
  private static final DefaultQueries Q = DefaultQueries.STANDARD;
  private static final Autoscaler AUTOSCALER = new Autoscaler(new io.appstack.operator.scaling.ScalingEngine(java.time.Clock.systemUTC()), null, Q, URI.create("http://prometheus:9090"));

  private static final AppStack STACK = LenientYaml.read("""
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: shop, namespace: ns}
      spec:
        api: {image: acme/api:1}
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

  private static SignalQuery query(String pool, Signal signal) {
    List<SignalQuery> all = AUTOSCALER.queries(STACK);
    return all.stream().filter(q -> Component.worker(pool).equals(q.component()) && q.signal() == signal)
        .findFirst().orElseThrow();
  }

  @Test
  void bullmqReadsBullmqsExportAndHasNoWait() {
    assertThat(query("mail", Signal.QUEUE_DEPTH).promql()).isEqualTo(Q.bullmqDepth());
    assertThat(query("mail", Signal.QUEUE_DEPTH).match()).containsEntry("queue", "mail").containsEntry("appstack", "shop");
    assertThat(query("mail", Signal.OLDEST_JOB_AGE_SECONDS).configured()).isFalse();
  }

  @Test
  void redisListReadsTheExportersKeySize() {
    assertThat(query("resize", Signal.QUEUE_DEPTH).promql()).isEqualTo(Q.redisListDepth());
    assertThat(query("resize", Signal.QUEUE_DEPTH).match()).containsEntry("queue", "jobs:resize");
    assertThat(query("resize", Signal.OLDEST_JOB_AGE_SECONDS).configured()).isFalse();
  }

  @Test
  void customKeepsTheAppstackMetricsAndAStacksOwnWaitQueryStillCounts() {
    assertThat(query("legacy", Signal.QUEUE_DEPTH).promql()).isEqualTo(Q.queueDepth());
    assertThat(query("legacy", Signal.OLDEST_JOB_AGE_SECONDS).promql()).isEqualTo(Q.oldestJobAgeSeconds());
    assertThat(query("aged", Signal.OLDEST_JOB_AGE_SECONDS).promql()).isEqualTo("max(my_oldest_job_seconds)");
    assertThat(query("aged", Signal.QUEUE_DEPTH).promql()).isEqualTo(Q.bullmqDepth());
  }
}
