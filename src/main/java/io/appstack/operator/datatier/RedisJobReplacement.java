package io.appstack.operator.datatier;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * When a Redis cluster Job (immutable once created) gives way to one with its new spec. A completed Job stays:
 * it is the record that its step happened (a later image or setting applies to the steps still to come). A Job
 * whose pod is working finishes with the spec it started with: stopping {@code redis-cli} mid-step could leave
 * slots half-moved. A Job that failed, or whose step has not begun (no pod ever ran: a bad image, an
 * unschedulable pod), is replaced when its desired spec changed, so a fix in the spec is the retry.
 */
public final class RedisJobReplacement {
  /** Annotation on each Job: the hash of the spec it was created with. */
  public static final String SPEC_HASH = "appstack.io/spec-hash";

  private RedisJobReplacement() {}

  public static String hash(JobSpec spec) {
    try {
      byte[] json = Serialization.asJson(spec).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code actual} must be deleted so that {@code desired} can be created in its place. */
  public static boolean replaces(Job actual, Job desired) {
    if (Objects.equals(specHash(actual), specHash(desired)) || DataTierObserved.complete(actual)) {
      return false;
    }
    if (DataTierObserved.failed(actual)) {
      return true;
    }
    JobStatus status = actual.getStatus();
    return status == null || (zero(status.getReady()) && zero(status.getSucceeded()) && zero(status.getFailed()));
  }

  private static String specHash(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(SPEC_HASH);
  }

  private static boolean zero(Integer count) {
    return count == null || count == 0;
  }
}
