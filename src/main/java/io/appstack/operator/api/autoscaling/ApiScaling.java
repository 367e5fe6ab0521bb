package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * When and how far the API scales: target tracking on CPU, p95 as a trigger. The defaults are the scaling table's
 * (scaling.ScalingOption; a test keeps them equal).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "scaling.min must be less than or equal to scaling.max")
public record ApiScaling(
    @JsonPropertyDescription("Fewest replicas; overrides limits.apiMinReplicas (Auto) or the pinned phase's minimum.")
    @Min(1) @Max(1000)
    Integer min,

    @JsonPropertyDescription("Most replicas; overrides limits.apiMaxReplicas (Auto) or the pinned phase's maximum.")
    @Min(1) @Max(1000)
    Integer max,

    @JsonPropertyDescription("CPU the API is sized for, in percent of its requests: replicas = ⌈current × cpu / "
        + "target⌉, unchanged within the tolerance.")
    @Default("70") @Min(1) @Max(1000)
    Integer cpuTargetPercent,

    @JsonPropertyDescription("p95 latency limit in milliseconds: above it for upFor adds one step of pods "
        + "(autoscaling.triggerStepPercent); the API never scales down while above it.")
    @Default("500") @Min(1) @Max(600000)
    Integer p95Ms,

    @JsonPropertyDescription("How long the API must have wanted more pods before it scales up (to the lowest count "
        + "it wanted in that time).")
    @Default("1m") @Pattern(Durations.PATTERN)
    String upFor,

    @JsonPropertyDescription("The API scales down to the highest count it wanted in this window.")
    @Default("5m") @Pattern(Durations.PATTERN)
    String downFor,

    @JsonPropertyDescription("PromQL overriding the default queries.")
    ApiQueries queries) {

  public static final ApiScaling DEFAULTS = new ApiScaling(null, null, null, null, null, null, null);

  public ApiScaling {
    cpuTargetPercent = cpuTargetPercent == null ? 70 : cpuTargetPercent;
    p95Ms = p95Ms == null ? 500 : p95Ms;
    upFor = upFor == null ? "1m" : upFor;
    downFor = downFor == null ? "5m" : downFor;
    queries = queries == null ? ApiQueries.DEFAULTS : queries;
  }

  public static ApiScaling bounds(Integer min, Integer max) {
    return new ApiScaling(min, max, null, null, null, null, null);
  }
}
