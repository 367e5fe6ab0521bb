package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** PromQL overrides for the API's signals. Each must return one sample for this stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiQueries(
    @JsonPropertyDescription("CPU utilisation in percent of requests.") @Size(max = 4096) String cpu,
    @JsonPropertyDescription("p95 latency in milliseconds.") @Size(max = 4096) String p95Ms) {
  public static final ApiQueries DEFAULTS = new ApiQueries(null, null);
}
