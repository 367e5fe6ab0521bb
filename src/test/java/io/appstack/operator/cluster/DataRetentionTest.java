package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.status.Advisory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No spec edit loses data, on a real control plane: an edit that removes a data-holding part (Redis off, the
 * database switched to an external server, the database removed) keeps its StatefulSet, volume, credentials and
 * what it needs to start, untouched, and says so in status; the user deletes it explicitly, and only then does
 * the rest go (the volume by the stack's deletionPolicy). The README's table of edits lists the same cases.
 */
@Tag(ControlPlaneTests.TAG)
class DataRetentionTest {
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("retention").startOperator(URI.create("http://127.0.0.1:9"));
    stacks.client.resource(new SecretBuilder().withNewMetadata().withName("billing-db").withNamespace(stacks.ns)
        .endMetadata().withStringData(Map.of("username", "app", "password", "s3cret")).build()).create();
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  static String stack(String name, String redis, String database) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          phase: Medium
          deletionPolicy: Delete
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          workers:
            - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
        %s%s""".formatted(name, redis, database);
  }

  static final String REDIS = "  redis: {mode: Standalone, storage: 1Gi}\n";
  static final String MANAGED = """
        database:
          primary:
            managed: {database: shop, storage: 2Gi}
          pgbouncer: {mode: Disabled}
          readReplicas: {mode: Disabled}
      """;
  static final String EXTERNAL = """
        database:
          primary:
            external: {host: billing-db.example.internal, database: shop, credentialsSecret: billing-db}
          pgbouncer: {mode: Disabled}
          readReplicas: {mode: Disabled}
      """;

  /** An edit of a live stack and what must stay: the data-holding StatefulSet and what it needs. */
  record Edit(String name, String after, String statefulSet, List<String> connection) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Edit> edits() {
    return Stream.of(
        new Edit("redis-off", stack("redis-off", "", MANAGED), "redis-off-redis", List.of("!REDIS_URL")),
        new Edit("to-external", stack("to-external", REDIS, EXTERNAL), "to-external-postgres",
            List.of("DATABASE_HOST=billing-db.example.internal")),
        new Edit("db-off", stack("db-off", REDIS, ""), "db-off-postgres", List.of("!DATABASE_URL")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void anEditThatRemovesDataKeepsItUntilTheUserDeletesIt(Edit edit) {
    String name = edit.name();
    stacks.volumeFor("data-" + name + "-redis-0");
    stacks.volumeFor("data-" + name + "-postgres-0");
    stacks.create(stack(name, REDIS, MANAGED));
    stacks.awaitCondition(name, "Ready", "True");
    String set = edit.statefulSet();
    String claim = "data-" + set + "-0";
    List<HasMetadata> kept = Stream.<HasMetadata>of(stacks.get(StatefulSet.class, set), stacks.get(Service.class, set),
        stacks.get(NetworkPolicy.class, set), stacks.get(Secret.class, set), stacks.get(Secret.class, configOf(set)),
        stacks.get(PersistentVolumeClaim.class, claim)).toList();
    assertThat(kept).as("the part's objects before the edit").doesNotContainNull();

    stacks.replaceSpec(name, edit.after());
    await().atMost(ClusterStacks.TIMEOUT).until(() -> {
      AppStack s = stacks.stack(name);
      return s.getStatus().observedGeneration() == s.getMetadata().getGeneration() && retainedAdvice(s) != null;
    });
    assertThat(retainedAdvice(stacks.stack(name)).message()).contains("StatefulSet " + set)
        .contains("kubectl delete statefulset -n " + stacks.ns + " " + set);
    Map<String, String> connection = connection(name);
    for (String expected : edit.connection()) {
      if (expected.startsWith("!")) {
        assertThat(connection).as("the apps no longer use it").doesNotContainKey(expected.substring(1));
      } else {
        String[] kv = expected.split("=", 2);
        assertThat(connection).containsEntry(kv[0], kv[1]);
      }
    }
    stacks.awaitCondition(name, "Ready", "True");
    // Kept as they were: nothing deleted, nothing rewritten (same uid and resourceVersion).
    for (HasMetadata before : kept) {
      HasMetadata now = stacks.get(before.getClass(), before.getMetadata().getName());
      assertThat(now).as(before.getKind() + " " + before.getMetadata().getName()).isNotNull();
      assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
      assertThat(now.getMetadata().getDeletionTimestamp()).isNull();
      if (!(now instanceof StatefulSet) && !(now instanceof PersistentVolumeClaim)) {
        assertThat(now.getMetadata().getResourceVersion()).as(now.getKind() + " untouched")
            .isEqualTo(before.getMetadata().getResourceVersion());
      }
    }
    assertThat(stacks.get(StatefulSet.class, set).getSpec()).isEqualTo(((StatefulSet) kept.get(0)).getSpec());

    // The user deletes the StatefulSet: what served it goes, and the volume follows deletionPolicy: Delete.
    stacks.client.resources(StatefulSet.class).inNamespace(stacks.ns).withName(set).delete();
    await().atMost(ClusterStacks.TIMEOUT).until(() -> stacks.get(Service.class, set) == null
        && stacks.get(NetworkPolicy.class, set) == null && stacks.get(Secret.class, configOf(set)) == null
        && stacks.get(PersistentVolumeClaim.class, claim) == null);
    await().atMost(ClusterStacks.TIMEOUT).until(() -> retainedAdvice(stacks.stack(name)) == null);
    assertThat(stacks.operator().failures()).isEmpty();
  }

  @Test
  void puttingThePartBackTakesTheSameStatefulSetAndVolumeBack() {
    String name = "comeback";
    stacks.volumeFor("data-" + name + "-redis-0");
    stacks.create(stack(name, REDIS, ""));
    stacks.awaitCondition(name, "Ready", "True");
    StatefulSet before = stacks.get(StatefulSet.class, name + "-redis");
    String password = connection(name).get("REDIS_PASSWORD");

    stacks.replaceSpec(name, stack(name, "", ""));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> !connection(name).containsKey("REDIS_URL"));
    stacks.replaceSpec(name, stack(name, REDIS, ""));
    await().atMost(ClusterStacks.TIMEOUT).until(() -> connection(name).containsKey("REDIS_URL")
        && retainedAdvice(stacks.stack(name)) == null);
    stacks.awaitCondition(name, "Ready", "True");
    assertThat(stacks.get(StatefulSet.class, name + "-redis").getMetadata().getUid())
        .isEqualTo(before.getMetadata().getUid());
    assertThat(connection(name)).containsEntry("REDIS_PASSWORD", password);
    assertThat(stacks.get(PersistentVolumeClaim.class, "data-" + name + "-redis-0").getMetadata().getDeletionTimestamp())
        .isNull();
    assertThat(stacks.get(Deployment.class, name + "-api")).isNotNull();
    assertThat(stacks.operator().failures()).isEmpty();
  }

  static String configOf(String statefulSet) {
    return statefulSet.endsWith("-postgres") ? statefulSet + "-init" : statefulSet + "-config";
  }

  static Advisory retainedAdvice(AppStack stack) {
    return stack.getStatus() == null ? null : stack.getStatus().advisories().stream()
        .filter(a -> a.type().equals("RetainedData")).findFirst().orElse(null);
  }

  static Map<String, String> connection(String name) {
    return ClusterStacks.decoded(stacks.get(Secret.class, name + "-connections"));
  }
}
