package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How fast replica counts may move: up at most ×upFactor or +upPods per upPeriod, down at most downPercent. */
public record RateLimitsSpec(
    @JsonPropertyDescription("A scale-up may multiply the count by this much…")
    @Default("2") @Min(1) @Max(100)
    Double upFactor,
    @JsonPropertyDescription("…or add this many pods, whichever is larger.")
    @Default("4") @Min(1) @Max(1000)
    Integer upPods,
    @JsonPropertyDescription("At most one scale-up per component in this period.")
    @Default("15s") @Pattern(Durations.PATTERN)
    String upPeriod,
    @JsonPropertyDescription("A scale-down removes at most this percentage of the pods (at least downMinPods).")
    @Default("50") @Min(1) @Max(99)
    Integer downPercent,
    @JsonPropertyDescription("A scale-down may always remove this many pods.")
    @Default("1") @Min(1) @Max(1000)
    Integer downMinPods,
    @JsonPropertyDescription("At most one scale-down per component in this period.")
    @Default("60s") @Pattern(Durations.PATTERN)
    String downPeriod) {

  public static final RateLimitsSpec DEFAULTS = new RateLimitsSpec(null, null, null, null, null, null);

  public RateLimitsSpec {
    upFactor = upFactor == null ? 2.0 : upFactor;
    upPods = upPods == null ? 4 : upPods;
    upPeriod = upPeriod == null ? "15s" : upPeriod;
    downPercent = downPercent == null ? 50 : downPercent;
    downMinPods = downMinPods == null ? 1 : downMinPods;
    downPeriod = downPeriod == null ? "60s" : downPeriod;
  }
}
