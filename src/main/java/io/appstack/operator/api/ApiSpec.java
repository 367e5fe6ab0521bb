package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.appstack.operator.api.autoscaling.ApiScaling;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** The HTTP API of the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiSpec(
    @JsonPropertyDescription("Container image of the API, e.g. ghcr.io/acme/shop-api:1.4.2.")
    @Required @Size(min = 1, max = 512)
    String image,

    @JsonPropertyDescription("Command overriding the image's entrypoint.")
    @Size(max = 32)
    List<String> command,

    @JsonPropertyDescription("Arguments to the command.")
    @Size(max = 64)
    List<String> args,

    @JsonPropertyDescription("Extra environment variables. Connection settings come from the <name>-connections "
        + "Secret and need not be listed.")
    @Size(max = 128)
    List<EnvVar> env,

    @JsonPropertyDescription("CPU and memory requests and limits. Requests default to 100m CPU and 128Mi memory.")
    ResourceRequirements resources,

    @JsonPropertyDescription("Port the API listens on; the Service exposes it as port 80.")
    @Default("8080") @Min(1) @Max(65535)
    Integer port,

    @JsonPropertyDescription("HTTP path for the readiness and liveness probes (probes.* replace either).")
    @Default("/health/ready") @Pattern("^/[^\\s]*$") @Size(max = 256)
    String healthPath,

    @JsonPropertyDescription("HTTP path of the API's Prometheus metrics on its port; the pods carry the "
        + "prometheus.io/scrape annotations for it, and a PodMonitor selects them where the Prometheus Operator runs.")
    @Default("/metrics") @Pattern("^/[^\\s]*$") @Size(max = 256)
    String metricsPath,

    @JsonPropertyDescription("Probes (HTTP, TCP, exec or gRPC) and a preStop hook.")
    Probes probes,

    @JsonPropertyDescription("Pod settings: placement, identity, pull secrets, user and group ids, labels.")
    PodSettings pod,

    @JsonPropertyDescription("Seconds a stopping API pod has to finish its requests (Kubernetes' default: 30).")
    @Min(1) @Max(86400)
    Integer terminationGracePeriodSeconds,

    @JsonPropertyDescription("Mount the root filesystem read-only (a writable /tmp is provided). "
        + "Set to false only for images that must write elsewhere.")
    @Default("true")
    Boolean readOnlyRootFilesystem,

    @JsonPropertyDescription("Autoscaling rules of the API.")
    ApiScaling scaling) implements ContainerSettings {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HEALTH_PATH = "/health/ready";
  public static final String DEFAULT_METRICS_PATH = "/metrics";

  public ApiSpec {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    port = port == null ? DEFAULT_PORT : port;
    healthPath = healthPath == null ? DEFAULT_HEALTH_PATH : healthPath;
    metricsPath = metricsPath == null ? DEFAULT_METRICS_PATH : metricsPath;
    probes = probes == null ? Probes.NONE : probes;
    pod = pod == null ? PodSettings.DEFAULTS : pod;
    readOnlyRootFilesystem = readOnlyRootFilesystem == null || readOnlyRootFilesystem;
    scaling = scaling == null ? ApiScaling.DEFAULTS : scaling;
  }

  /** An API running {@code image} with every other setting at its default. */
  public static ApiSpec of(String image) {
    return new ApiSpec(image, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public ApiSpec withImage(String newImage) {
    return new ApiSpec(newImage, command, args, env, resources, port, healthPath, metricsPath, probes, pod,
        terminationGracePeriodSeconds, readOnlyRootFilesystem, scaling);
  }

  public ApiSpec withScaling(ApiScaling newScaling) {
    return new ApiSpec(image, command, args, env, resources, port, healthPath, metricsPath, probes, pod,
        terminationGracePeriodSeconds, readOnlyRootFilesystem, newScaling);
  }
}
