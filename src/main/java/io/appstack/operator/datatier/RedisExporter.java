package io.appstack.operator.datatier;

import static io.appstack.operator.datatier.DataTierPods.containerSecurity;
import static io.appstack.operator.datatier.DataTierPods.emptyDir;
import static io.appstack.operator.datatier.DataTierPods.mount;
import static io.appstack.operator.datatier.DataTierPods.requests;
import static io.appstack.operator.datatier.DataTierPods.secretEnv;
import static io.appstack.operator.datatier.DataTierPods.template;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.QueueBackend;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Redis exporter (oliver006/redis_exporter) that reports the length of the pools' queue lists
 * ({@code queueBackend: redisList}) with no app code: one pod per stack, beside the managed Redis, following it
 * through a move to Redis Cluster. Its own pod, not a sidecar, so adding a pool never restarts Redis.
 */
public final class RedisExporter {
  public static final String PROPERTY = "appstack.redis.exporter-image";
  public static final String DEFAULT_IMAGE = "oliver006/redis_exporter:v1.92.1";
  public static final int PORT = 9121;
  /** The image's user (the exporter's scratch image runs as 59000). */
  static final long UID = 59000;

  private RedisExporter() {}

  /** Whether the stack has a managed Redis and a pool whose queue is a Redis list. */
  public static boolean wanted(AppStack stack, DataTierPlan plan) {
    return plan.redis() != null && !listKeys(stack).isEmpty();
  }

  /** The pools' list keys, each once, in the order the pools are listed. */
  static List<String> listKeys(AppStack stack) {
    return stack.getSpec().workers().stream().filter(w -> w.queueBackend() == QueueBackend.REDIS_LIST)
        .map(WorkerSpec::queue).distinct().toList();
  }

  public static List<Deployment> deployments(AppStack stack, DataTierPlan plan) {
    if (!wanted(stack, plan) || plan.secrets().redisPassword() == null) {
      return List.of();
    }
    String name = Names.redisExporter(stack);
    boolean cluster = plan.redis().clusterServes();
    String host = cluster ? Names.redisCluster(stack) : Names.redis(stack);
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("REDIS_ADDR", "redis://" + host + ":" + RedisConfig.PORT, null));
    env.add(secretEnv("REDIS_PASSWORD", Names.redis(stack), DataTierSecrets.PASSWORD));
    env.add(new EnvVar("REDIS_EXPORTER_IS_CLUSTER", String.valueOf(cluster), null));
    // Its /scrape?target=… endpoint would dial any address a caller names with this Redis's password, and scan any
    // key pattern: off (redis_exporter 1.83+). Key values are never exported, only the lists' lengths.
    env.add(new EnvVar("REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT", "true", null));
    env.add(new EnvVar("REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES", "true", null));
    env.add(new EnvVar("REDIS_EXPORTER_CHECK_SINGLE_KEYS", checkSingleKeys(listKeys(stack)), null));
    var container = new ContainerBuilder()
        .withName("redis-exporter")
        .withImage(image())
        .withPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(PORT).withProtocol("TCP").build())
        .withEnv(env)
        .withResources(requests("10m", "16Mi"))
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/health")
            .withPort(new IntOrString("metrics")).endHttpGet().withPeriodSeconds(10).build())
        .withVolumeMounts(mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    Map<String, String> labels = Labels.of(stack, Labels.REDIS_EXPORTER, name);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", String.valueOf(PORT));
    annotations.put("prometheus.io/path", "/metrics");
    return List.of(new DeploymentBuilder()
        .withMetadata(ChildMetadata.of(stack, name, labels))
        .withNewSpec()
          .withReplicas(1)
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
          .withTemplate(template(labels, annotations, UID, List.of(container), List.of(), List.of(emptyDir("tmp"))))
        .endSpec()
        .build());
  }

  /**
   * The exporter's key list: {@code db0=<key>} joined by commas, each key percent-encoded as the exporter decodes it
   * (it splits on '=' and URL-unescapes), so that '+', '=' or '%' in a queue name check exactly that key.
   */
  static String checkSingleKeys(List<String> keys) {
    return String.join(",", keys.stream()
        .map(k -> "db0=" + URLEncoder.encode(k, StandardCharsets.UTF_8).replace("+", "%20")).toList());
  }

  static String image() {
    try {
      return ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class).orElse(DEFAULT_IMAGE);
    } catch (IllegalStateException e) {
      return DEFAULT_IMAGE; // no configuration outside Quarkus (plain-JOSDK tests)
    }
  }
}
