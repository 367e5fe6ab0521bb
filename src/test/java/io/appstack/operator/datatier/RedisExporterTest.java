package io.appstack.operator.datatier;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.testing.LenientYaml;
import io.appstack.operator.testing.PodSecurity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** queueBackend: redisList runs an exporter beside the managed Redis, reporting the pools' list lengths. */
class RedisExporterTest {
  private static final DataTierSecrets SECRETS = new DataTierSecrets("s3cret", null, null, null);

  static AppStack stack(String workers, String redisMode) {
    return LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop, namespace: ns, uid: uid-1}
        spec:
          api: {image: acme/api:1}
          redis: {mode: %s}
          workers: %s
        """.formatted(redisMode, workers), AppStack.class);
  }

  static DataTierPlan plan(AppStack stack) {
    return DataTierPlan.build(stack, "Small", DataTierInputs.NONE, SECRETS,
        new DataTierObserved(null, Map.of(), Map.of(), Map.of(), CnpgObjects.State.NONE));
  }

  static Map<String, EnvVar> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void checksEachListKeyOnceAndReadsThePasswordFromItsSecret() {
    AppStack stack = stack("""
        [{name: resize, image: w, queue: "jobs:resize", queueBackend: redisList},
         {name: resize-2, image: w, queue: "jobs:resize", queueBackend: redisList},
         {name: mail, image: w, queue: mail, queueBackend: bullmq}]""", "Standalone");
    Deployment d = RedisExporter.deployments(stack, plan(stack)).get(0);
    assertThat(d.getMetadata().getName()).isEqualTo("shop-redis-exporter");
    var env = env(d);
    assertThat(env.get("REDIS_EXPORTER_CHECK_SINGLE_KEYS").getValue()).isEqualTo("db0=jobs%3Aresize");
    assertThat(env.get("REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT").getValue()).as("no relay to other targets")
        .isEqualTo("true");
    assertThat(env.get("REDIS_ADDR").getValue()).isEqualTo("redis://shop-redis:6379");
    assertThat(env.get("REDIS_EXPORTER_IS_CLUSTER").getValue()).isEqualTo("false");
    assertThat(env.get("REDIS_PASSWORD").getValue()).as("never in the object").isNull();
    assertThat(env.get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-redis");
    var template = d.getSpec().getTemplate();
    assertThat(template.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9121");
    assertThat(PodSecurity.restrictedViolations(template.getSpec())).isEmpty();
  }

  @Test
  void aQueueNameWithTheExportersSeparatorsChecksExactlyThatKey() {
    assertThat(RedisExporter.checkSingleKeys(java.util.List.of("a+b", "x=y", "50%off", "bull:q:wait")))
        .isEqualTo("db0=a%2Bb,db0=x%3Dy,db0=50%25off,db0=bull%3Aq%3Await");
    // As the exporter reads it back: split on the first '=', then URL-unescape.
    for (String entry : RedisExporter.checkSingleKeys(java.util.List.of("a+b c", "x=y")).split(",")) {
      String key = java.net.URLDecoder.decode(entry.substring(entry.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(key).isIn("a+b c", "x=y");
    }
  }

  @Test
  void readsTheClusterWhereTheClusterServes() {
    AppStack stack = stack("[{name: resize, image: w, queue: q, queueBackend: redisList}]", "Cluster");
    DataTierPlan plan = plan(stack);
    assertThat(plan.redis().clusterServes()).as("a new stack in Cluster mode never had a standalone").isTrue();
    var env = env(RedisExporter.deployments(stack, plan).get(0));
    assertThat(env.get("REDIS_ADDR").getValue()).isEqualTo("redis://shop-redis-cluster:6379");
    assertThat(env.get("REDIS_EXPORTER_IS_CLUSTER").getValue()).isEqualTo("true");
  }

  @Test
  void noExporterWithoutAListPoolOrWithoutAManagedRedis() {
    AppStack bullmq = stack("[{name: mail, image: w, queue: mail, queueBackend: bullmq}]", "Standalone");
    assertThat(RedisExporter.deployments(bullmq, plan(bullmq))).isEmpty();
    AppStack noRedis = LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop, namespace: ns}
        spec:
          api: {image: acme/api:1}
          workers: [{name: q, image: w, queue: q, queueBackend: redisList}]
        """, AppStack.class);
    assertThat(RedisExporter.deployments(noRedis, plan(noRedis))).isEmpty();
  }

  @Test
  void theRedisNetworkPolicyLetsTheExporterIn() {
    AppStack stack = stack("[{name: resize, image: w, queue: q, queueBackend: redisList}]", "Standalone");
    var redisPolicy = DataTierResources.networkPolicies(stack, plan(stack)).stream()
        .filter(p -> p.getMetadata().getName().equals("shop-redis")).findFirst().orElseThrow();
    assertThat(redisPolicy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchExpressions().get(0)
        .getValues()).contains(Labels.REDIS_EXPORTER);
  }
}
