package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The container's probes and stop hook, as Kubernetes defines them (HTTP, TCP, exec or gRPC). A probe set
 * here replaces the one derived from healthPath.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Probes(
    @JsonPropertyDescription("Readiness probe; the API's default is an HTTP GET of healthPath.")
    Probe readiness,

    @JsonPropertyDescription("Liveness probe; the API's default is an HTTP GET of healthPath, six failures apart.")
    Probe liveness,

    @JsonPropertyDescription("Startup probe: holds the other probes until the app has started (for slow starts).")
    Probe startup,

    @JsonPropertyDescription("Hook run before the container is stopped, e.g. a sleep so that load balancers stop "
        + "sending first, or a command that asks a worker to finish its job.")
    LifecycleHandler preStop) {

  public static final Probes NONE = new Probes(null, null, null, null);
}
