package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.LimitsSpec;
import io.appstack.operator.api.autoscaling.PhaseMode;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.RedisSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired stack. The operator never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.workers) || self.workers.all(w, self.workers.exists_one(x, x.name == w.name))",
    message = "spec.workers: worker pool names must be unique")
@ValidationRule(
    value = "!has(self.api.scaling) || !has(self.api.scaling.max) || self.api.scaling.max <= "
        + "(has(self.limits) && has(self.limits.apiMaxReplicas) ? self.limits.apiMaxReplicas : 20)",
    message = "spec.api.scaling.max exceeds spec.limits.apiMaxReplicas (default 20); raise the limit too")
@ValidationRule(
    value = "!has(self.workers) || self.workers.all(w, !has(w.scaling) || !has(w.scaling.max) || w.scaling.max <= "
        + "(has(self.limits) && has(self.limits.workerMaxReplicas) ? self.limits.workerMaxReplicas : 50))",
    message = "spec.workers[].scaling.max exceeds spec.limits.workerMaxReplicas (default 50); raise the limit too")
@ValidationRule(
    value = "!has(self.workers) || self.workers.all(w, !has(w.scaling) || !has(w.scaling.min) || w.scaling.min >= "
        + "(has(self.limits) && has(self.limits.workerMinReplicas) ? self.limits.workerMinReplicas : 2))",
    message = "spec.workers[].scaling.min is below spec.limits.workerMinReplicas (default 2); lower the limit too")
@ValidationRule(
    value = "!has(self.workers) || !self.workers.exists(w, has(w.queueBackend) && w.queueBackend == 'redisList') "
        + "|| has(self.redis)",
    message = "spec.workers[].queueBackend redisList reads the list's length from the Redis the operator runs: set "
        + "spec.redis, or use bullmq or custom")
public record AppStackSpec(
    @JsonPropertyDescription("Phase of the scaling roadmap. Auto lets the operator promote and demote the stack; "
        + "Small, Medium, Large or Enterprise pin it.")
    @Default("Auto")
    PhaseMode phase,

    @JsonPropertyDescription("Freeze every replica count and the phase. Configuration is still reconciled.")
    @Default("false")
    Boolean paused,

    @JsonPropertyDescription("The web API: a Deployment, a Service and a PodDisruptionBudget.")
    @Required
    ApiSpec api,

    @JsonPropertyDescription("Queue-consumer worker pools, one Deployment each.")
    @Size(max = 20)
    List<WorkerSpec> workers,

    @JsonPropertyDescription("Where the operator reads metrics. Without it the operator's default Prometheus is used.")
    PrometheusSpec prometheus,

    @JsonPropertyDescription("Stack-wide autoscaling settings: poll interval, phase windows, rate limits.")
    AutoscalingSpec autoscaling,

    @JsonPropertyDescription("Global replica limits. Per-component overrides must stay inside them.")
    LimitsSpec limits,

    @JsonPropertyDescription("Redis for cache and queues. Omit to run without Redis.")
    RedisSpec redis,

    @JsonPropertyDescription("PostgreSQL, PgBouncer and read replicas. Omit to run without a database.")
    DatabaseSpec database,

    @JsonPropertyDescription("Generate NetworkPolicies that limit who may reach Redis, PgBouncer and PostgreSQL.")
    @Default("true")
    Boolean networkPolicies,

    @JsonPropertyDescription("Retain keeps PersistentVolumeClaims when the AppStack is deleted; Delete removes them.")
    @Default("Retain")
    DeletionPolicy deletionPolicy) {

  public AppStackSpec {
    phase = phase == null ? PhaseMode.Auto : phase;
    paused = paused != null && paused;
    workers = workers == null ? List.of() : List.copyOf(workers);
    prometheus = prometheus == null ? new PrometheusSpec(null, null, null, null, null) : prometheus;
    autoscaling = autoscaling == null ? AutoscalingSpec.DEFAULTS : autoscaling;
    limits = limits == null ? LimitsSpec.DEFAULTS : limits;
    networkPolicies = networkPolicies == null || networkPolicies;
    deletionPolicy = deletionPolicy == null ? DeletionPolicy.Retain : deletionPolicy;
  }

  /** A stack with only an API, every other setting at its default. */
  public static AppStackSpec ofApi(ApiSpec api) {
    return new AppStackSpec(null, null, api, null, null, null, null, null, null, null, null);
  }

  public AppStackSpec withWorkers(List<WorkerSpec> newWorkers) {
    return new AppStackSpec(phase, paused, api, newWorkers, prometheus, autoscaling, limits, redis, database,
        networkPolicies, deletionPolicy);
  }

  public AppStackSpec withApi(ApiSpec newApi) {
    return new AppStackSpec(phase, paused, newApi, workers, prometheus, autoscaling, limits, redis, database,
        networkPolicies, deletionPolicy);
  }

  public AppStackSpec withPhase(PhaseMode newPhase) {
    return new AppStackSpec(newPhase, paused, api, workers, prometheus, autoscaling, limits, redis, database,
        networkPolicies, deletionPolicy);
  }

  public AppStackSpec withPaused(boolean newPaused) {
    return new AppStackSpec(phase, newPaused, api, workers, prometheus, autoscaling, limits, redis, database,
        networkPolicies, deletionPolicy);
  }
}
