package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.min <= self.max", message = "min must be <= max")
public record AppStackSpec(
    @JsonPropertyDescription("Minimum") @Min(1) @Default("2") Integer min,
    @JsonPropertyDescription("Maximum") Integer max) {
  public AppStackSpec {
    if (min == null) min = 2;
  }
}
