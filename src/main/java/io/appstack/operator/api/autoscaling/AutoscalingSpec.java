package io.appstack.operator.api.autoscaling;

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

    @JsonPropertyDescription("How long a component must run above the phase's range before the phase is "
        + "promoted. The phase drives the data tier (PgBouncer, read replicas), never replica counts.")
    @Default("10m") @Pattern(Durations.PATTERN)
    String promoteAfter,

    @JsonPropertyDescription("How long every component must fit the smaller phase's range before the phase is "
        + "demoted.")
    @Default("6h") @Pattern(Durations.PATTERN)
    String demoteAfter,

    @JsonPropertyDescription("No change while a target-tracking signal (CPU, queue depth per worker) is within this "
        + "fraction of its target.")
    @Default("0.1") @Min(0) @Max(value = 1, inclusive = false)
    Double tolerance,

    @JsonPropertyDescription("The step a trigger (p95 over its limit, a job waiting too long) adds, in percent of "
        + "the current count (at least one pod).")
    @Default("50") @Min(1) @Max(1000)
    Integer triggerStepPercent,

    @JsonPropertyDescription("Optional PromQL returning the number of active users; crossing a phase's user "
        + "threshold promotes the phase.")
    @Size(max = 4096)
    String usersQuery,

    @JsonPropertyDescription("How fast replica counts may move (default: up ×2 or +4 pods per 15s, down −50% per "
        + "minute).")
    RateLimitsSpec rateLimits,

    @JsonPropertyDescription("The predictive floor (opt-in): size ahead of recurring peaks learnt from Prometheus "
        + "history at the same time of week.")
    PredictiveSpec predictive) {

  public static final AutoscalingSpec DEFAULTS = new AutoscalingSpec(null, null, null, null, null, null, null, null);

  public AutoscalingSpec {
    pollInterval = pollInterval == null ? "15s" : pollInterval;
    promoteAfter = promoteAfter == null ? "10m" : promoteAfter;
    demoteAfter = demoteAfter == null ? "6h" : demoteAfter;
    tolerance = tolerance == null ? 0.1 : tolerance;
    triggerStepPercent = triggerStepPercent == null ? 50 : triggerStepPercent;
    rateLimits = rateLimits == null ? RateLimitsSpec.DEFAULTS : rateLimits;
    predictive = predictive == null ? PredictiveSpec.DEFAULTS : predictive;
  }

  /** Defaults with another poll interval. */
  public static AutoscalingSpec polledEvery(String pollInterval) {
    return new AutoscalingSpec(pollInterval, null, null, null, null, null, null, null);
  }
}
