package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** PromQL overrides for a worker pool's signals. Each must return one sample for this pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerQueries(
    @JsonPropertyDescription("Total queued jobs.") @Size(max = 4096) String depth,
    @JsonPropertyDescription("Age of the oldest queued job in seconds.") @Size(max = 4096) String oldestJobAgeSeconds) {
  public static final WorkerQueries DEFAULTS = new WorkerQueries(null, null);
}
