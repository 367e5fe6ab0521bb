package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.appstack.operator.api.autoscaling.WorkerScaling;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** A pool of queue consumers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerSpec(
    @JsonPropertyDescription("Name of the pool, unique in the stack; the Deployment is <stack>-worker-<name>.")
    @Required @Size(min = 1, max = 40) @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
    String name,

    @JsonPropertyDescription("Container image of the worker.")
    @Required @Size(min = 1, max = 512)
    String image,

    @JsonPropertyDescription("Name of the queue the pool consumes; selects its queue metrics (with redisList: the "
        + "Redis key of the list).")
    @Required @Size(min = 1, max = 253) @Pattern("^[^\\s\",\\\\]+$")
    String queue,

    @JsonPropertyDescription("Where the pool's queue depth is read from. bullmq: BullMQ's own Prometheus export "
        + "(Queue.exportPrometheusMetrics(), bullmq_job_count: waiting + prioritized jobs). redisList: the queue is a "
        + "Redis list; an exporter beside the managed Redis reports its length, with no app code. custom (the "
        + "default): appstack_queue_depth and appstack_queue_oldest_job_age_seconds exported by the app, or the "
        + "queries below.")
    @Default("custom")
    QueueBackend queueBackend,

    @JsonPropertyDescription("Command overriding the image's entrypoint.")
    @Size(max = 32)
    List<String> command,

    @JsonPropertyDescription("Arguments to the command.")
    @Size(max = 64)
    List<String> args,

    @JsonPropertyDescription("Extra environment variables. QUEUE_NAME and the connection Secret are always set.")
    @Size(max = 128)
    List<EnvVar> env,

    @JsonPropertyDescription("CPU and memory requests and limits. Requests default to 100m CPU and 128Mi memory.")
    ResourceRequirements resources,

    @JsonPropertyDescription("Port of the worker's HTTP endpoint (metrics, and health when healthPath is set).")
    @Default("8080") @Min(1) @Max(65535)
    Integer port,

    @JsonPropertyDescription("HTTP path for readiness and liveness probes. Unset (the default): no probes, as a "
        + "BullMQ worker serves no HTTP and would otherwise be restarted forever.")
    @Pattern("^/[^\\s]*$") @Size(max = 256)
    String healthPath,

    @JsonPropertyDescription("HTTP path of the worker's Prometheus metrics on its port. Unset (the default): the "
        + "worker is not scraped (it may serve no HTTP).")
    @Pattern("^/[^\\s]*$") @Size(max = 256)
    String metricsPath,

    @JsonPropertyDescription("Probes (HTTP, TCP, exec or gRPC; none by default) and a preStop hook.")
    Probes probes,

    @JsonPropertyDescription("Pod settings: placement, identity, pull secrets, user and group ids, labels.")
    PodSettings pod,

    @JsonPropertyDescription("Seconds a stopping worker has to finish its job before it is killed (SIGTERM first; "
        + "BullMQ's worker.close() waits for the active job).")
    @Default("300") @Min(1) @Max(86400)
    Integer terminationGracePeriodSeconds,

    @JsonPropertyDescription("Mount the root filesystem read-only (a writable /tmp is provided).")
    @Default("true")
    Boolean readOnlyRootFilesystem,

    @JsonPropertyDescription("Autoscaling rules of this pool.")
    WorkerScaling scaling) implements ContainerSettings {

  public static final int DEFAULT_PORT = 8080;
  /** Long enough for a typical job to finish once the worker is asked to stop. */
  public static final int DEFAULT_GRACE_SECONDS = 300;

  public WorkerSpec {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    port = port == null ? DEFAULT_PORT : port;
    terminationGracePeriodSeconds = terminationGracePeriodSeconds == null ? DEFAULT_GRACE_SECONDS
        : terminationGracePeriodSeconds;
    queueBackend = queueBackend == null ? QueueBackend.CUSTOM : queueBackend;
    probes = probes == null ? Probes.NONE : probes;
    pod = pod == null ? PodSettings.DEFAULTS : pod;
    readOnlyRootFilesystem = readOnlyRootFilesystem == null || readOnlyRootFilesystem;
    scaling = scaling == null ? WorkerScaling.DEFAULTS : scaling;
  }

  /** A pool named {@code name} consuming {@code queue} with every other setting at its default. */
  public static WorkerSpec of(String name, String image, String queue) {
    return new WorkerSpec(name, image, queue, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  public WorkerSpec withScaling(WorkerScaling newScaling) {
    return new WorkerSpec(name, image, queue, queueBackend, command, args, env, resources, port, healthPath,
        metricsPath, probes, pod, terminationGracePeriodSeconds, readOnlyRootFilesystem, newScaling);
  }
}
