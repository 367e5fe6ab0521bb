package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.testing.FaultInjector;
import io.appstack.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Installations limited by disjoint label selectors (the chart's {@code stackSelector}) split one fleet on
 * one API server: each manages only the AppStacks that match its selector, and a stack that matches none is
 * touched by none (no child, no status, no write).
 *
 * <p>Operator A is the Quarkus application under test, with selector {@code shard=a} from the test profile.
 * Operator B runs in the same JVM on plain JOSDK, with the same reconciler and selector {@code shard=b}, and
 * its own client with its own User-Agent. Against the mock server the request log tells the operators (and
 * this test's own requests) apart by User-Agent, so every write can be attributed. Against a real cluster
 * ({@code APPSTACK_TEST_KUBECONFIG}) there is no request log: the checks are then on the objects (owner
 * references, status, resourceVersion) and on which stacks each operator reconciled (its meters, and
 * operator B's JOSDK metrics).
 */
@QuarkusTest
@TestProfile(StackSelectorTest.ShardA.class)
@QuarkusTestResource(value = TestCluster.class, restrictToAnnotatedClass = true)
class StackSelectorTest {
  static final String NS = TestCluster.NAMESPACE;
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String SHARD_B_AGENT = "appstack-operator-shard-b";
  static final String DRIVER_AGENT = "appstack-test-driver";
  static final String ALPHA = "alpha";
  static final String BRAVO = "bravo";
  static final String UNLABELLED = "charlie";
  static final Set<String> STACKS = Set.of(ALPHA, BRAVO, UNLABELLED);

  public static class ShardA implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.operator-sdk.controllers.appstack.selector", "shard=a");
    }
  }

  /** Operator A's client (the Quarkus application's): its requests carry its User-Agent. */
  @Inject
  KubernetesClient client;

  /**
   * Operator A's meters: a stack it reconciled has an {@code appstack_phase} series (written in the Prometheus
   * registry itself, see {@code OperatorBeans#operatorMetrics}).
   */
  @Inject
  io.micrometer.prometheus.PrometheusMeterRegistry registry;

  @Test
  void twoOperatorsWithDisjointSelectorsEachTouchOnlyTheirOwnStacks() {
    String shardAAgent = client.getConfiguration().getUserAgent();
    System.out.println("User-Agent of the Quarkus operator (shard=a): " + shardAAgent);
    assertThat(shardAAgent).isNotBlank().isNotIn(SHARD_B_AGENT, DRIVER_AGENT);

    KubernetesClient driver = withUserAgent(DRIVER_AGENT);
    ShardB shardB = new ShardB(withUserAgent(SHARD_B_AGENT));
    Optional<FaultInjector> mock = TestCluster.faults();
    mock.ifPresent(FaultInjector::record);
    try {
      shardB.operator.start();
      // The unlabelled stack first: a watcher that (wrongly) saw it would see it before its own stacks.
      AppStack unlabelled = create(driver, UNLABELLED, null);
      AppStack alpha = create(driver, ALPHA, "a");
      AppStack bravo = create(driver, BRAVO, "b");

      awaitManaged(alpha);
      awaitManaged(bravo);
      // Each has evaluated its own stack; operator B has also come back to it twice on the 1s poll, so both
      // have had several rounds in which to (wrongly) pick up another stack.
      await().atMost(TIMEOUT).until(() -> evaluated(registry).contains(ALPHA));
      await().atMost(TIMEOUT).until(() -> evaluated(shardB.meters).contains(BRAVO)
          && shardB.reconciles(BRAVO) >= 3);

      assertThat(evaluated(registry)).as("stacks operator A (shard=a) reconciled").containsExactly(ALPHA);
      assertThat(evaluated(shardB.meters)).as("stacks operator B (shard=b) reconciled").containsExactly(BRAVO);
      assertThat(shardB.reconciledNames()).as("operator B's JOSDK reconciliations").containsExactly(BRAVO);

      assertThat(stack(UNLABELLED).getStatus()).as("unlabelled stack has no status").isNull();
      assertThat(stack(UNLABELLED).getMetadata().getResourceVersion()).as("unlabelled stack never written")
          .isEqualTo(unlabelled.getMetadata().getResourceVersion());
      assertThat(children(UNLABELLED)).as("unlabelled stack has no children").isEmpty();

      if (mock.isPresent()) {
        checkRequests(mock.get().stopRecording(), shardAAgent);
      }
    } finally {
      mock.ifPresent(FaultInjector::stopRecording);
      shardB.operator.stop();
      for (String name : STACKS) {
        driver.resources(AppStack.class).inNamespace(NS).withName(name).delete();
      }
      driver.close();
    }
  }

  /**
   * Every request the mock server answered, attributed by User-Agent: no write (non-GET) by one operator
   * names the other's stack, the unlabelled stack or one of their children — in its path or anywhere in its
   * body (object names, labels, owner references, an Event's involved object).
   */
  void checkRequests(List<FaultInjector.Received> received, String shardAAgent) {
    List<Write> writes = received.stream().map(Write::of).toList();
    Map<String, String> operators = Map.of(shardAAgent, ALPHA, SHARD_B_AGENT, BRAVO);
    assertThat(writes.stream().map(Write::agent).collect(Collectors.toSet()))
        .as("every request comes from one of the two operators or from this test")
        .isSubsetOf(shardAAgent, SHARD_B_AGENT, DRIVER_AGENT);

    List<String> trespasses = new ArrayList<>();
    Map<String, Set<String>> ownWrites = new HashMap<>();
    for (Write write : writes) {
      String own = operators.get(write.agent());
      if (own == null || "GET".equalsIgnoreCase(write.method())) {
        continue;
      }
      ownWrites.computeIfAbsent(own, k -> new HashSet<>()).addAll(write.touched());
      Set<String> others = new HashSet<>(write.touched());
      others.remove(own);
      if (!others.isEmpty()) {
        trespasses.add(write + " touches " + others);
      }
    }
    assertThat(trespasses).as("writes of one operator on stacks outside its selector").isEmpty();
    // The attribution works: each operator's own writes were seen (created its children, wrote its status).
    assertThat(ownWrites).containsEntry(ALPHA, Set.of(ALPHA)).containsEntry(BRAVO, Set.of(BRAVO));
    String deployments = "/namespaces/" + NS + "/deployments";
    assertThat(writes).as("operator A created alpha's Deployments").filteredOn(w -> w.agent().equals(shardAAgent)
        && w.method().equals("POST") && w.path().endsWith(deployments)).extracting(Write::touched)
        .containsExactly(Set.of(ALPHA), Set.of(ALPHA));
    assertThat(writes).as("operator B created bravo's Deployments").filteredOn(w -> w.agent().equals(SHARD_B_AGENT)
        && w.method().equals("POST") && w.path().endsWith(deployments)).extracting(Write::touched)
        .containsExactly(Set.of(BRAVO), Set.of(BRAVO));
    assertThat(writes).as("operator B wrote bravo's status").anyMatch(w -> w.agent().equals(SHARD_B_AGENT)
        && !w.method().equals("GET") && w.path().contains("/appstacks/" + BRAVO + "/status"));
  }

  /** A request the mock server answered, with the stacks it names. */
  record Write(String agent, String method, String path, Set<String> touched) {
    static Write of(FaultInjector.Received request) {
      return new Write(request.userAgent(), request.method(), request.path(), StackSelectorTest.touched(request));
    }

    @Override
    public String toString() {
      return agent + " " + method + " " + path;
    }
  }

  /**
   * The stacks a request names: the object name in its path, and every string in its body that is a stack's
   * name or starts with it followed by {@code -} (children: {@code <stack>-api}, {@code <stack>-worker-<pool>},
   * {@code <stack>-connections}, …) or {@code .} (Events' generated names).
   */
  static Set<String> touched(FaultInjector.Received request) {
    Set<String> strings = new HashSet<>();
    String[] path = request.path().split("\\?")[0].split("/");
    for (int i = 0; i + 3 < path.length; i++) {
      if ("namespaces".equals(path[i])) {
        strings.add(path[i + 3]);
      }
    }
    String body = request.body();
    if (!body.isBlank()) {
      try {
        collectStrings(Serialization.jsonMapper().readTree(body), strings);
      } catch (java.io.IOException e) {
        strings.add(body);
      }
    }
    return STACKS.stream()
        .filter(s -> strings.stream().anyMatch(v -> v.equals(s) || v.startsWith(s + "-") || v.startsWith(s + ".")))
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static void collectStrings(JsonNode node, Set<String> into) {
    if (node.isTextual()) {
      into.add(node.asText());
    }
    node.forEach(child -> collectStrings(child, into));
  }

  /** The stack's children exist, are owned by it, and its status is written for its generation. */
  void awaitManaged(AppStack created) {
    String name = created.getMetadata().getName();
    await().atMost(TIMEOUT).until(() -> client.apps().deployments().inNamespace(NS)
        .withLabel(Labels.STACK, name).list().getItems().size() == 2);
    await().atMost(TIMEOUT).until(() -> stack(name).getStatus() != null
        && created.getMetadata().getGeneration().equals(stack(name).getStatus().observedGeneration()));
    List<HasMetadata> children = children(name);
    assertThat(children).extracting(c -> c.getMetadata().getName())
        .contains(name + "-api", name + "-worker-emails", name + "-connections");
    for (HasMetadata child : children) {
      assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind() + " " + child.getMetadata().getName())
          .singleElement().satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
    }
  }

  List<HasMetadata> children(String stack) {
    List<HasMetadata> children = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, Secret.class)) {
      children.addAll(client.resources(kind).inNamespace(NS).withLabel(Labels.STACK, stack).list().getItems());
    }
    return children;
  }

  /** Stacks in this test's namespace that the operator behind {@code meters} has evaluated. */
  static Set<String> evaluated(io.micrometer.prometheus.PrometheusMeterRegistry meters) {
    return java.util.regex.Pattern.compile("appstack_phase\\{appstack=\"([^\"]+)\",namespace=\"" + NS + "\"")
        .matcher(meters.scrape()).results()
        .map(m -> m.group(1))
        .filter(STACKS::contains)
        .collect(Collectors.toSet());
  }

  static AppStack create(KubernetesClient driver, String name, String shard) {
    AppStackSpec base = AppStackReconcilerTest.spec(name + "-api:1", "emails");
    AppStackSpec spec = new AppStackSpec(null, null, base.api(), base.workers(), null,
        AutoscalingSpec.polledEvery("1s"), null, null, null, null, null);
    AppStack stack = new AppStack(NS, name, spec);
    if (shard != null) {
      stack.getMetadata().setLabels(Map.of("shard", shard));
    }
    return driver.resource(stack).create();
  }

  AppStack stack(String name) {
    return client.resources(AppStack.class).inNamespace(NS).withName(name).get();
  }

  /** A client to the same API server as operator A's, sending {@code userAgent}. */
  KubernetesClient withUserAgent(String userAgent) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build())
        .build();
  }

  /** Operator B: the reconciler wired as {@code OperatorBeans} wires it, on plain JOSDK, selector shard=b. */
  static final class ShardB {
    final io.micrometer.prometheus.PrometheusMeterRegistry meters =
        new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    final Map<String, AtomicInteger> reconciles = new ConcurrentHashMap<>();
    final Operator operator;

    ShardB(KubernetesClient client) {
      Clock clock = Clock.systemUTC();
      OperatorMetrics metrics = new OperatorMetrics(meters);
      MetricsCollector collector = new MetricsCollector(clock,
          e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
          metrics);
      // Where the test profile points operator A: nothing listens there.
      Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), collector,
          new DefaultQueries(Duration.ofMinutes(2), Duration.ofMinutes(5)), URI.create("http://127.0.0.1:9"));
      Metrics counting = new Metrics() {
        @Override
        public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
          reconciles.computeIfAbsent(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(),
              k -> new AtomicInteger()).incrementAndGet();
        }
      };
      // The mock API server has no server-side apply (as in the test profile of operator A).
      operator = new Operator(o -> o.withKubernetesClient(client)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withMetrics(counting)
          .withCloseClientOnStop(true));
      operator.register(new AppStackReconciler(clock, autoscaler, client, metrics),
          o -> o.withLabelSelector("shard=b"));
    }

    int reconciles(String name) {
      AtomicInteger count = reconciles.get(NS + "/" + name);
      return count == null ? 0 : count.get();
    }

    /** Names of the stacks of this test it reconciled. */
    Set<String> reconciledNames() {
      return reconciles.keySet().stream()
          .filter(k -> k.startsWith(NS + "/"))
          .map(k -> k.substring(NS.length() + 1))
          .filter(STACKS::contains)
          .collect(Collectors.toSet());
    }
  }
}
