package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** p95 latency thresholds in milliseconds. */
@ValidationRule(value = "self.up > self.down", message = "p95Ms.up must be greater than p95Ms.down")
public record LatencyThresholds(
    @JsonPropertyDescription("Scale up above this p95.") @Default("500") @Min(1) @Max(600000) Integer up,
    @JsonPropertyDescription("Scale down below this p95.") @Default("200") @Min(0) @Max(600000) Integer down) {

  public static final LatencyThresholds DEFAULTS = new LatencyThresholds(null, null);

  public LatencyThresholds {
    up = up == null ? 500 : up;
    down = down == null ? 200 : down;
  }
}
