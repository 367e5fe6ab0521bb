package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.chart.RbacExpectations;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusClient;
import io.appstack.operator.reconcile.runtime.LeaderElection;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.ScalingEngine;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator instances with leader election on one API server (fabric8's mock in CRUD mode), each on plain
 * JOSDK with the production wiring: the reconciler as {@code OperatorBeans} builds it and the leader election
 * {@link LeaderElection#configuration} builds, with JOSDK's default lease timings. Only the lease holder
 * writes; when it goes away the other takes over and applies what changed meanwhile. The takeover time is
 * printed (docs/BENCHMARKS.md, "Leader failover"); it is asserted only against a loose bound that follows
 * from the lease settings.
 *
 * <p>Each instance has its own client and User-Agent; the mock server's dispatcher journals every request
 * (sender, time, body, answer), so every write can be checked against who held the Lease at that moment.
 * The mock has no authorization API: the dispatcher answers JOSDK's SelfSubjectRulesReview (its start-up check
 * that it may use Leases) with the rules the chart grants. Each instance gets its own identity, as each pod has
 * its own {@code HOSTNAME} in production (JOSDK's default identity; both instances here share one JVM).
 */
class LeaderFailoverTest {
  static final String NS = "failover";
  static final String STACK = "shop";
  static final String DRIVER_AGENT = "appstack-failover-driver";
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** Held so that the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  Journal journal;
  KubernetesMockServer server;
  KubernetesClient driver;
  final List<Instance> instances = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    journal = new Journal();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), journal, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    driver = client(DRIVER_AGENT);
    try (InputStream crd = new FileInputStream("crds/appstacks.appstack.io-v1.yml")) {
      driver.load(crd).create();
    }
    driver.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterEach
  void stopAll() {
    instances.forEach(Instance::stop);
    driver.close();
    server.destroy();
  }

  /**
   * The precondition of leader election: a Lease cannot be written from a stale read, nor created twice. The
   * fabric8 lock renews and takes over with a JSON merge patch carrying the resourceVersion it read.
   */
  @Test
  void mockServerLocksLeasesOptimistically() {
    Lease created = driver.resource(lease("a", null)).create();
    String read = created.getMetadata().getResourceVersion();
    Lease renewed = driver.resource(lease("b", read)).patch(PatchContext.of(PatchType.JSON_MERGE));
    assertThat(renewed.getMetadata().getResourceVersion()).isNotEqualTo(read);

    assertThatThrownBy(() -> driver.resource(lease("c", read)).patch(PatchContext.of(PatchType.JSON_MERGE)))
        .as("merge patch from a stale read")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThatThrownBy(() -> driver.resource(lease("c", read)).update())
        .as("update from a stale read")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThatThrownBy(() -> driver.resource(lease("c", null)).create())
        .as("second create")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(driver.leases().inNamespace(NS).withName("probe").get().getSpec().getHolderIdentity()).isEqualTo("b");
  }

  static Lease lease(String holder, String resourceVersion) {
    return new LeaseBuilder().withNewMetadata().withName("probe").withNamespace(NS)
        .withResourceVersion(resourceVersion).endMetadata()
        .withNewSpec().withHolderIdentity(holder).endSpec().build();
  }

  /**
   * The leader is stopped as a pod being deleted stops it: Quarkus Operator SDK stops the operator
   * ({@code Operator.stop()}), then {@code LeaderElection.releaseOnShutdown} gives the Lease up. The
   * follower takes over within its retry period instead of waiting for the Lease to expire.
   */
  @Test
  void afterAGracefulStopTheFollowerTakesOverAndAppliesWhatChanged() {
    Pair pair = startPairAndManageAStack();

    long stoppedAt = System.nanoTime();
    pair.leader.stop();
    try (KubernetesClient releasing = client(pair.leader.identity)) {
      assertThat(LeaderElection.release(releasing, pair.leader.config)).as("the stopped leader held the lease").isTrue();
    }
    long stopReturned = System.nanoTime();
    changeApiImage("ghcr.io/acme/shop-api:2");

    Takeover takeover = awaitTakeover(pair, stoppedAt);
    assertThat(takeover.released).as("the follower took a released lease").isTrue();
    assertThat(Duration.ofNanos(takeover.acquired - stoppedAt)).as("taken before the lease would have expired")
        .isLessThan(pair.config.getLeaseDuration());
    System.out.printf("%n[leader failover] graceful stop: operator stopped and lease released after %.2f s; released:"
        + " %s; follower holds the lease after %.1f s; its first write after %.1f s; the spec change made after the"
        + " stop is in Deployment %s-api after %.1f s (lease %ds, renew deadline %ds, retry period %ds)%n%n",
        seconds(stopReturned - stoppedAt), takeover.released ? "yes" : "no", seconds(takeover.acquired - stoppedAt),
        seconds(takeover.firstWrite - stoppedAt), STACK, seconds(takeover.applied - stoppedAt),
        pair.config.getLeaseDuration().toSeconds(), pair.config.getRenewDeadline().toSeconds(),
        pair.config.getRetryPeriod().toSeconds());

    assertThat(pair.follower.exits).as("the new leader never lost the lease").isEmpty();
  }

  /**
   * The leader is cut off: from one moment every request it sends is refused at once (HTTP 403, which the
   * client does not retry), so it can neither renew the Lease nor write, and nothing releases the Lease. The
   * follower takes over once the Lease expires; the old leader gives up (its exit hook runs) after the renew
   * deadline, which is shorter than the lease, so before the takeover.
   */
  @Test
  void aPartitionedLeaderIsReplacedOnceItsLeaseExpires() {
    Pair pair = startPairAndManageAStack();

    long cutAt = System.nanoTime();
    journal.partitioned.add(pair.leader.identity);
    changeApiImage("ghcr.io/acme/shop-api:2");

    Takeover takeover = awaitTakeover(pair, cutAt);
    await().atMost(TIMEOUT).until(() -> !pair.leader.exits.isEmpty());
    long gaveUp = pair.leader.exits.peek();
    System.out.printf("%n[leader failover] partitioned leader: it gave up (exit hook) after %.1f s; follower holds the"
        + " lease after %.1f s; its first write after %.1f s; the spec change made after the cut is in Deployment"
        + " %s-api after %.1f s (lease %ds, renew deadline %ds, retry period %ds)%n%n",
        seconds(gaveUp - cutAt), seconds(takeover.acquired - cutAt), seconds(takeover.firstWrite - cutAt), STACK,
        seconds(takeover.applied - cutAt), pair.config.getLeaseDuration().toSeconds(),
        pair.config.getRenewDeadline().toSeconds(), pair.config.getRetryPeriod().toSeconds());

    assertThat(takeover.released).as("a cut-off leader cannot release the lease").isFalse();
    assertThat(journal.exchanges()).as("the old leader tried to renew and was refused")
        .anyMatch(e -> e.agent().equals(pair.leader.identity) && e.nanos() > cutAt && e.isLease() && e.code() == 403);
    assertThat(gaveUp).as("the old leader gave up before the new one took over (renew deadline < lease)")
        .isLessThan(takeover.acquired);
    assertThat(pair.follower.exits).as("the new leader never lost the lease").isEmpty();
  }

  // --- scenario steps --------------------------------------------------------------------------------------

  record Pair(Instance leader, Instance follower, LeaderElectionConfiguration config) {}

  /**
   * Starts two instances; the lease holder is the leader. A stack is created and the leader creates its
   * children and status while the follower, warm, only reads: it keeps polling the Lease and writes nothing.
   */
  Pair startPairAndManageAStack() {
    Instance a = new Instance("appstack-operator-a");
    Instance b = new Instance("appstack-operator-b");
    instances.add(a);
    instances.add(b);
    a.operator.start();
    b.operator.start();
    String holder = await().atMost(TIMEOUT).until(this::leaseHolder, h -> h != null && !h.isEmpty());
    Pair pair = holder.equals(a.identity) ? new Pair(a, b, a.config) : new Pair(b, a, a.config);

    driver.resource(new AppStack(NS, STACK, AppStackReconcilerTest.spec("shop-api:1", "emails"))).create();
    await().atMost(TIMEOUT).until(() -> image(STACK + "-api"), "ghcr.io/acme/shop-api:1"::equals);
    await().atMost(TIMEOUT).until(() -> driver.resources(Deployment.class).inNamespace(NS)
        .withName(STACK + "-worker-emails").get() != null);
    await().atMost(TIMEOUT).until(() -> stack().getStatus() != null);
    // The follower is alive and watching the Lease all along: two more polls after the children were made.
    long polls = leasePolls(pair.follower);
    await().atMost(TIMEOUT).until(() -> leasePolls(pair.follower) >= polls + 2);

    List<Exchange> log = journal.exchanges();
    assertThat(log).as("the leader created the children").anyMatch(e -> e.agent().equals(pair.leader.identity)
        && e.method().equals("POST") && e.path().endsWith("/namespaces/" + NS + "/deployments") && e.applied());
    assertThat(log).as("the follower writes nothing but (attempts at) the Lease")
        .filteredOn(e -> e.agent().equals(pair.follower.identity) && !e.method().equals("GET"))
        .allMatch(e -> e.isLease() || e.isRulesReview());
    assertThat(holderHistory(log)).as("one leader so far").containsExactly(pair.leader.identity);
    assertOnlyTheLeaseHolderWrote(log);
    return pair;
  }

  /** What the journal shows after {@code since}: when the follower took the Lease, first wrote, and applied. */
  record Takeover(long acquired, long firstWrite, long applied, boolean released) {}

  Takeover awaitTakeover(Pair pair, long since) {
    await().atMost(TIMEOUT).until(() -> image(STACK + "-api"), "ghcr.io/acme/shop-api:2"::equals);
    assertThat(leaseHolder()).isEqualTo(pair.follower.identity);
    List<Exchange> log = journal.exchanges();
    assertOnlyTheLeaseHolderWrote(log);
    assertThat(holderHistory(log)).as("the lease passed once, from the leader to the follower")
        .containsExactly(pair.leader.identity, pair.follower.identity);

    Exchange acquired = first(log, e -> e.nanos() > since && e.isLeaseWrite() && e.applied()
        && pair.follower.identity.equals(e.holder()));
    Exchange firstWrite = first(log, e -> e.nanos() > since && e.agent().equals(pair.follower.identity)
        && e.isReconcilerWrite() && e.applied());
    Exchange applied = first(log, e -> e.nanos() > since && e.agent().equals(pair.follower.identity)
        && e.applied() && !e.method().equals("GET") && !e.method().equals("POST")
        && e.path().contains("/deployments/" + STACK + "-api"));
    assertThat(firstWrite.nanos()).as("the follower wrote only after it held the lease").isGreaterThan(acquired.nanos());
    assertThat(applied.nanos()).isGreaterThanOrEqualTo(firstWrite.nanos());

    // The lease was not taken before it expired: unless the old leader released it, the follower acquired no
    // earlier than the old leader's last renewal plus the lease duration (both clocks are this JVM's).
    Exchange lastOld = log.stream()
        .filter(e -> e.isLeaseWrite() && e.applied() && e.nanos() < acquired.nanos())
        .reduce((x, y) -> y).orElseThrow();
    boolean released = lastOld.holder() == null || lastOld.holder().isEmpty();
    if (!released) {
      assertThat(lastOld.holder()).isEqualTo(pair.leader.identity);
      ZonedDateTime renewed = Serialization.unmarshal(lastOld.body(), Lease.class).getSpec().getRenewTime();
      assertThat(acquired.wallClock()).as("acquired after the old lease expired")
          .isAfterOrEqualTo(renewed.toInstant().plus(pair.config.getLeaseDuration()));
    }
    // Loose bound from the settings (an acquire attempt every retry period × (1 to 2.2)): about the lease
    // duration plus a few seconds; a takeover slower than lease + renew deadline + 5s is a fault.
    Duration bound = pair.config.getLeaseDuration().plus(pair.config.getRenewDeadline()).plusSeconds(5);
    assertThat(Duration.ofNanos(acquired.nanos() - since)).as("takeover time").isLessThan(bound);
    return new Takeover(acquired.nanos(), firstWrite.nanos(), applied.nanos(), released);
  }

  /**
   * Every write the API server accepted from an operator instance — to AppStacks, their children, Events —
   * came from the instance that held the Lease at that moment (per the Lease writes before it).
   */
  static void assertOnlyTheLeaseHolderWrote(List<Exchange> log) {
    String holder = null;
    List<String> outOfTurn = new ArrayList<>();
    int checked = 0;
    for (Exchange e : log) {
      if (e.isLeaseWrite() && e.applied()) {
        holder = e.holder();
      } else if (e.isReconcilerWrite() && e.applied() && !e.agent().equals(DRIVER_AGENT)) {
        checked++;
        if (!e.agent().equals(holder)) {
          outOfTurn.add(e + " while the lease was held by " + holder);
        }
      }
    }
    assertThat(checked).as("writes checked").isPositive();
    assertThat(outOfTurn).as("writes by an instance that did not hold the lease").isEmpty();
  }

  /** The successive holders of the Lease, by its accepted writes (renewals collapsed). */
  static List<String> holderHistory(List<Exchange> log) {
    List<String> holders = new ArrayList<>();
    for (Exchange e : log) {
      if (e.isLeaseWrite() && e.applied() && e.holder() != null && !e.holder().isEmpty()
          && (holders.isEmpty() || !holders.get(holders.size() - 1).equals(e.holder()))) {
        holders.add(e.holder());
      }
    }
    return holders;
  }

  static Exchange first(List<Exchange> log, Predicate<Exchange> which) {
    return log.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no such request in the journal"));
  }

  long leasePolls(Instance instance) {
    return journal.exchanges().stream()
        .filter(e -> e.agent().equals(instance.identity) && e.method().equals("GET") && e.isLease())
        .count();
  }

  void changeApiImage(String image) {
    io.appstack.operator.testing.StackEdits.edit(driver, NS, STACK, s -> s.withApi(s.api().withImage(image)));
  }

  String leaseHolder() {
    Lease lease = driver.leases().inNamespace(NS).withName(LeaderElection.DEFAULT_LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  AppStack stack() {
    return driver.resources(AppStack.class).inNamespace(NS).withName(STACK).get();
  }

  String image(String deployment) {
    Deployment d = driver.resources(Deployment.class).inNamespace(NS).withName(deployment).get();
    return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  KubernetesClient client(String userAgent) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withNamespace(NS)
        .withUserAgent(userAgent)
        .build()).build();
  }

  // --- the operator instances ---------------------------------------------------------------------------

  /** One operator instance: its own client (User-Agent = identity), reconciler and leader election. */
  final class Instance {
    final String identity;
    final LeaderElectionConfiguration config;
    final Operator operator;
    /** When its exit hook ran (System.nanoTime()): in production the process would exit there. */
    final Queue<Long> exits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    Instance(String identity) {
      this.identity = identity;
      KubernetesClient client = client(identity);
      Clock clock = Clock.systemUTC();
      OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
      MetricsCollector collector = new MetricsCollector(clock,
          e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
          metrics);
      Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), collector,
          new DefaultQueries(Duration.ofMinutes(2), Duration.ofMinutes(5)), URI.create("http://127.0.0.1:9"));
      // Production's configuration with the exit replaced: the process "exits" by stopping this operator.
      LeaderElectionConfiguration production = LeaderElection.configuration(true, LeaderElection.DEFAULT_LEASE_NAME,
          Optional.of(NS), this::exit);
      config = new LeaderElectionConfiguration(production.getLeaseName(), production.getLeaseNamespace().orElseThrow(),
          production.getLeaseDuration(), production.getRenewDeadline(), production.getRetryPeriod(), identity,
          production.getLeaderCallbacks().orElseThrow(), production.isExitOnStopLeading());
      operator = new Operator(o -> o.withKubernetesClient(client)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withLeaderElectionConfiguration(config)
          .withCloseClientOnStop(true));
      operator.register(new AppStackReconciler(clock, autoscaler, client, metrics));
    }

    private void exit() {
      exits.add(System.nanoTime());
      Thread exiting = new Thread(this::stop, identity + "-exit");
      exiting.setDaemon(true);
      exiting.start();
    }

    void stop() {
      if (stopping.compareAndSet(false, true)) {
        operator.stop();
      }
    }
  }

  // --- the API server's journal ---------------------------------------------------------------------------

  /** A request and the answer it got, when, from whom (User-Agent), with its body. */
  record Exchange(long nanos, Instant wallClock, String agent, String method, String path, String body, int code) {
    boolean applied() {
      return code >= 200 && code < 300;
    }

    boolean isLease() {
      return path.contains("/leases");
    }

    boolean isLeaseWrite() {
      return isLease() && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"));
    }

    boolean isRulesReview() {
      return path.contains("/selfsubjectrulesreviews");
    }

    /** A write that is not leader election's own: AppStacks and their status, children, Events. */
    boolean isReconcilerWrite() {
      return !method.equals("GET") && !isLease() && !isRulesReview();
    }

    /** The holder a Lease write sets. */
    String holder() {
      Lease lease = Serialization.unmarshal(body, Lease.class);
      return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Override
    public String toString() {
      return agent + " " + method + " " + path + " -> " + code;
    }
  }

  /** The CRUD dispatcher, journaling every exchange; refuses everything from partitioned senders. */
  static final class Journal extends KubernetesCrudDispatcher {
    final Set<String> partitioned = ConcurrentHashMap.newKeySet();
    private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

    Journal() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      long nanos = System.nanoTime();
      Instant wallClock = Instant.now();
      String agent = String.valueOf(request.getHeader("User-Agent"));
      // getBytes() leaves the body in place for the CRUD dispatcher, which reads it destructively.
      String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
      MockResponse response;
      if (partitioned.contains(agent)) {
        response = status(403, "Forbidden", "partitioned by the test");
      } else if (request.getPath().contains("/leases") && !RbacExpectations.leaseVerbs().contains(verb(request))) {
        // As RBAC would: the operator may do to Leases only what the chart grants.
        response = status(403, "Forbidden", verb(request) + " on leases is not granted by the chart");
      } else if (request.getPath().contains("/selfsubjectrulesreviews")) {
        response = leaseRules();
      } else {
        response = super.dispatch(request);
      }
      if (!request.getPath().contains("watch=true")) {
        exchanges.add(new Exchange(nanos, wallClock, agent, request.getMethod(), request.getPath(), body,
            response.code()));
      }
      return response;
    }

    /** The RBAC verb of a request on a named object or a collection. */
    private static String verb(RecordedRequest request) {
      return switch (request.getMethod()) {
        case "GET" -> request.getPath().contains("watch=true") ? "watch" : "get";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> request.getMethod().toLowerCase();
      };
    }

    List<Exchange> exchanges() {
      List<Exchange> sorted = new ArrayList<>(exchanges);
      sorted.sort(Comparator.comparingLong(Exchange::nanos));
      return sorted;
    }

    /** What the API server answers an operator granted the chart's Lease rules. */
    private static MockResponse leaseRules() {
      return new MockResponse().setResponseCode(201).setBody("""
          {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{},
           "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
             {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":%s}]}}
          """.formatted(Serialization.asJson(RbacExpectations.leaseVerbs())));
    }

    private static MockResponse status(int code, String reason, String message) {
      return new MockResponse().setResponseCode(code).setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\","
          + "\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}");
    }
  }
}
