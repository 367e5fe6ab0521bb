package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** When and how far the API scales. Thresholds and windows default to the scaling roadmap's rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "scaling.min must be less than or equal to scaling.max")
public record ApiScaling(
    @JsonPropertyDescription("Lowest replica count; overrides the phase's minimum.")
    @Min(1) @Max(1000)
    Integer min,

    @JsonPropertyDescription("Highest replica count; overrides the phase's maximum.")
    @Min(1) @Max(1000)
    Integer max,

    @JsonPropertyDescription("CPU utilisation thresholds in percent of requests (up 70, down 30).")
    CpuThresholds cpu,

    @JsonPropertyDescription("p95 latency thresholds in milliseconds (up 500, down 200).")
    LatencyThresholds p95Ms,

    @JsonPropertyDescription("How long an up condition must hold before scaling up.")
    @Default("5m") @Pattern(Durations.PATTERN)
    String upFor,

    @JsonPropertyDescription("How long the down conditions must hold before scaling down.")
    @Default("10m") @Pattern(Durations.PATTERN)
    String downFor,

    @JsonPropertyDescription("PromQL overriding the default queries.")
    ApiQueries queries) {

  public static final ApiScaling DEFAULTS = new ApiScaling(null, null, null, null, null, null, null);

  public ApiScaling {
    cpu = cpu == null ? CpuThresholds.DEFAULTS : cpu;
    p95Ms = p95Ms == null ? LatencyThresholds.DEFAULTS : p95Ms;
    upFor = upFor == null ? "5m" : upFor;
    downFor = downFor == null ? "10m" : downFor;
    queries = queries == null ? ApiQueries.DEFAULTS : queries;
  }

  public static ApiScaling bounds(Integer min, Integer max) {
    return new ApiScaling(min, max, null, null, null, null, null);
  }
}
