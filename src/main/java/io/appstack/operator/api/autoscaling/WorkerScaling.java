package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * When and how far a worker pool scales: target tracking on queue depth per worker, the oldest job's wait as a
 * trigger. The defaults are the scaling table's (scaling.ScalingOption; a test keeps them equal).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "scaling.min must be less than or equal to scaling.max")
public record WorkerScaling(
    @JsonPropertyDescription("Fewest replicas; overrides limits.workerMinReplicas (Auto) or the pinned phase's "
        + "minimum. 0 lets an idle pool scale to zero: an empty queue for downFor stops it, a job wakes it at once.")
    @Min(0) @Max(1000)
    Integer min,

    @JsonPropertyDescription("Most replicas; overrides limits.workerMaxReplicas (Auto) or the pinned phase's "
        + "maximum.")
    @Min(1) @Max(1000)
    Integer max,

    @JsonPropertyDescription("Queued jobs per worker the pool is sized for: replicas = ⌈depth / depthPerWorker⌉, "
        + "unchanged within the tolerance.")
    @Default("1000") @Min(1) @Max(100000000)
    Integer depthPerWorker,

    @JsonPropertyDescription("Oldest-job wait limit in seconds: above it for upFor adds one step of workers "
        + "(autoscaling.triggerStepPercent); the pool never scales down while above it.")
    @Default("60") @Min(1) @Max(86400)
    Integer maxWaitSeconds,

    @JsonPropertyDescription("How long the pool must have wanted more workers before it scales up (0s: at once).")
    @Default("0s") @Pattern(Durations.PATTERN)
    String upFor,

    @JsonPropertyDescription("The pool scales down to the highest count it wanted in this window.")
    @Default("5m") @Pattern(Durations.PATTERN)
    String downFor,

    @JsonPropertyDescription("PromQL overriding the default queries.")
    WorkerQueries queries) {

  public static final WorkerScaling DEFAULTS = new WorkerScaling(null, null, null, null, null, null, null);

  public WorkerScaling {
    depthPerWorker = depthPerWorker == null ? 1000 : depthPerWorker;
    maxWaitSeconds = maxWaitSeconds == null ? 60 : maxWaitSeconds;
    upFor = upFor == null ? "0s" : upFor;
    downFor = downFor == null ? "5m" : downFor;
    queries = queries == null ? WorkerQueries.DEFAULTS : queries;
  }
}
