package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The container's probes and stop hook, as Kubernetes defines them (HTTP, TCP, exec or gRPC). A probe set
 * here replaces the one derived from healthPath.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(!has(self.readiness) || ((!has(self.readiness.httpGet) || !has(self.readiness.httpGet.host)) "
    + "&& (!has(self.readiness.tcpSocket) || !has(self.readiness.tcpSocket.host))))"
    + " && " + "(!has(self.liveness) || ((!has(self.liveness.httpGet) || !has(self.liveness.httpGet.host)) "
    + "&& (!has(self.liveness.tcpSocket) || !has(self.liveness.tcpSocket.host))))"
    + " && " + "(!has(self.startup) || ((!has(self.startup.httpGet) || !has(self.startup.httpGet.host)) "
    + "&& (!has(self.startup.tcpSocket) || !has(self.startup.tcpSocket.host))))"
    + " && " + "(!has(self.preStop) || ((!has(self.preStop.httpGet) || !has(self.preStop.httpGet.host)) "
    + "&& (!has(self.preStop.tcpSocket) || !has(self.preStop.tcpSocket.host))))",
    message = "probes and preStop may not name a host: the kubelet would connect from the node's network (and the "
        + "restricted Pod Security Standard refuses it from Kubernetes 1.34)")
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
