package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** When and how far a worker pool scales. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "scaling.min must be less than or equal to scaling.max")
public record WorkerScaling(
    @JsonPropertyDescription("Lowest replica count; overrides the phase's minimum.")
    @Min(1) @Max(1000)
    Integer min,

    @JsonPropertyDescription("Highest replica count; overrides the phase's maximum.")
    @Min(1) @Max(1000)
    Integer max,

    @JsonPropertyDescription("Queue depth per worker thresholds (up 1000, down 100).")
    DepthThresholds depthPerWorker,

    @JsonPropertyDescription("Scale up when the oldest queued job has waited longer than this many seconds.")
    @Default("60") @Min(1) @Max(86400)
    Integer maxWaitSeconds,

    @JsonPropertyDescription("How long an up condition must hold before scaling up (0s: at once).")
    @Default("0s") @Pattern(Durations.PATTERN)
    String upFor,

    @JsonPropertyDescription("How long the down condition must hold before scaling down.")
    @Default("10m") @Pattern(Durations.PATTERN)
    String downFor,

    @JsonPropertyDescription("PromQL overriding the default queries.")
    WorkerQueries queries) {

  public static final WorkerScaling DEFAULTS = new WorkerScaling(null, null, null, null, null, null, null);

  public WorkerScaling {
    depthPerWorker = depthPerWorker == null ? DepthThresholds.DEFAULTS : depthPerWorker;
    maxWaitSeconds = maxWaitSeconds == null ? 60 : maxWaitSeconds;
    upFor = upFor == null ? "0s" : upFor;
    downFor = downFor == null ? "10m" : downFor;
    queries = queries == null ? WorkerQueries.DEFAULTS : queries;
  }
}
