package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Queue depth per worker thresholds, in jobs. */
@ValidationRule(value = "self.up > self.down", message = "depthPerWorker.up must be greater than depthPerWorker.down")
public record DepthThresholds(
    @JsonPropertyDescription("Scale up above this many queued jobs per worker.")
    @Default("1000") @Min(1) @Max(100000000) Integer up,
    @JsonPropertyDescription("Scale down below this many queued jobs per worker.")
    @Default("100") @Min(0) @Max(100000000) Integer down) {

  public static final DepthThresholds DEFAULTS = new DepthThresholds(null, null);

  public DepthThresholds {
    up = up == null ? 1000 : up;
    down = down == null ? 100 : down;
  }
}
