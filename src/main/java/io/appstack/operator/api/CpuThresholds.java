package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** CPU utilisation thresholds, percent of the CPU request. */
@ValidationRule(value = "self.up > self.down", message = "cpu.up must be greater than cpu.down")
public record CpuThresholds(
    @JsonPropertyDescription("Scale up above this utilisation.") @Default("70") @Min(1) @Max(1000) Integer up,
    @JsonPropertyDescription("Scale down below this utilisation.") @Default("30") @Min(0) @Max(1000) Integer down) {

  public static final CpuThresholds DEFAULTS = new CpuThresholds(null, null);

  public CpuThresholds {
    up = up == null ? 70 : up;
    down = down == null ? 30 : down;
  }
}
