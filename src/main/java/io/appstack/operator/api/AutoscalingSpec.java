package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Stack-wide autoscaling settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoscalingSpec(
    @JsonPropertyDescription("How often the stack is re-evaluated against its metrics.")
    @Default("15s") @Pattern(Durations.PATTERN)
    String pollInterval,

    @JsonPropertyDescription("How long a component must be held at its ceiling under pressure before the phase "
        + "is promoted.")
    @Default("15m") @Pattern(Durations.PATTERN)
    String promoteAfter,

    @JsonPropertyDescription("How long the stack must be calm before the phase is demoted.")
    @Default("24h") @Pattern(Durations.PATTERN)
    String demoteAfter,

    @JsonPropertyDescription("Relative tolerance around a threshold inside which proportional steps are not taken.")
    @Default("0.1") @Min(0) @Max(1)
    Double tolerance,

    @JsonPropertyDescription("Optional PromQL returning the number of active users; crossing a phase's user "
        + "threshold promotes the phase.")
    @Size(max = 4096)
    String usersQuery,

    @JsonPropertyDescription("How fast replica counts may move (default: up ×2 or +4 pods per minute, down −25% "
        + "per 2 minutes).")
    RateLimitsSpec rateLimits) {

  public static final AutoscalingSpec DEFAULTS = new AutoscalingSpec(null, null, null, null, null, null);

  public AutoscalingSpec {
    pollInterval = pollInterval == null ? "15s" : pollInterval;
    promoteAfter = promoteAfter == null ? "15m" : promoteAfter;
    demoteAfter = demoteAfter == null ? "24h" : demoteAfter;
    tolerance = tolerance == null ? 0.1 : tolerance;
    rateLimits = rateLimits == null ? RateLimitsSpec.DEFAULTS : rateLimits;
  }

  /** Defaults with another poll interval. */
  public static AutoscalingSpec polledEvery(String pollInterval) {
    return new AutoscalingSpec(pollInterval, null, null, null, null, null);
  }
}
