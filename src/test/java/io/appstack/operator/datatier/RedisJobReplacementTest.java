package io.appstack.operator.datatier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a Redis cluster Job gives way to one with its new spec: table-driven, one row per Job state. */
class RedisJobReplacementTest {
  static final String OLD = RedisJobReplacement.hash(new JobSpecBuilder().withBackoffLimit(3).build());
  static final String NEW = RedisJobReplacement.hash(new JobSpecBuilder().withBackoffLimit(4).build());

  static Stream<Arguments> states() {
    JobStatus complete = new JobStatusBuilder().withSucceeded(1)
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build();
    JobStatus failed = new JobStatusBuilder().withFailed(4)
        .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True").build()).build();
    return Stream.of(
        Arguments.of("same spec, failed", OLD, failed, false),
        Arguments.of("same spec, not begun", OLD, null, false),
        Arguments.of("changed, no status yet", NEW, null, true),
        Arguments.of("changed, pod pending (bad image, unschedulable)", NEW,
            new JobStatusBuilder().withActive(1).withReady(0).build(), true),
        Arguments.of("changed, pod working", NEW, new JobStatusBuilder().withActive(1).withReady(1).build(), false),
        Arguments.of("changed, a pod failed, retrying", NEW, new JobStatusBuilder().withActive(1).withFailed(1).build(),
            false),
        Arguments.of("changed, failed", NEW, failed, true),
        Arguments.of("changed, complete: the record of its step", NEW, complete, false),
        Arguments.of("no hash (an older operator's Job), complete", null, complete, false));
  }

  @ParameterizedTest(name = "{0} → replaced: {3}")
  @MethodSource("states")
  void replacesOnlyAJobWhoseSpecChangedAndWhoseStepNeverRanOrFailed(String row, String desiredHash,
      JobStatus status, boolean replaced) {
    Job actual = job(OLD, status);
    Job desired = job(desiredHash == null ? OLD : desiredHash, null);
    if (desiredHash == null) {
      actual.getMetadata().setAnnotations(Map.of());
      desired = job(NEW, null);
    }
    assertThat(RedisJobReplacement.replaces(actual, desired)).as(row).isEqualTo(replaced);
  }

  static Job job(String hash, JobStatus status) {
    return new JobBuilder().withNewMetadata().withName("shop-redis-cluster-create")
        .withAnnotations(Map.of(RedisJobReplacement.SPEC_HASH, hash)).endMetadata().withStatus(status).build();
  }
}
