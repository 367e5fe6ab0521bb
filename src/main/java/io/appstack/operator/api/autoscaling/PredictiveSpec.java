package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * The predictive floor (opt-in): the operator learns recurring demand from Prometheus history at the same time of
 * week and sizes for a recurring peak ahead of it. It only raises counts; the reactive rules stay in charge.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictiveSpec(
    @JsonPropertyDescription("Size ahead of recurring peaks learnt from Prometheus history (only ever raises counts).")
    @Default("false")
    Boolean enabled,

    @JsonPropertyDescription("Weeks of history at the same time of week the forecast reads (1–4); it needs data in at "
        + "least two of them (or the one). Prometheus must keep that much.")
    @Default("3") @Min(1) @Max(4)
    Integer weeks,

    @JsonPropertyDescription("How far ahead the forecast sizes: the time a new pod needs to start and show in the "
        + "metrics.")
    @Default("2m") @Pattern(Durations.PATTERN)
    String leadTime) {

  public static final PredictiveSpec DEFAULTS = new PredictiveSpec(null, null, null);

  public PredictiveSpec {
    enabled = enabled != null && enabled;
    weeks = weeks == null ? 3 : weeks;
    leadTime = leadTime == null ? "2m" : leadTime;
  }
}
