package io.appstack.operator.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The API server the operator tests run against. With {@code APPSTACK_TEST_KUBECONFIG} set, the real
 * cluster it names; otherwise fabric8's mock server in CRUD mode (no real API server runs here), which
 * also records every request so tests can count writes.
 */
public class TestCluster implements QuarkusTestResourceLifecycleManager {
  public static final String KUBECONFIG_ENV = "APPSTACK_TEST_KUBECONFIG";
  public static final String NAMESPACE = System.getenv().getOrDefault("APPSTACK_TEST_NAMESPACE", "test");

  private static KubernetesMockServer server;
  private static FaultInjector faults;

  @Override
  public Map<String, String> start() {
    Map<String, String> props = new HashMap<>();
    String kubeconfig = System.getenv(KUBECONFIG_ENV);
    if (kubeconfig != null) {
      props.put(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig);
    } else {
      faults = new FaultInjector();
      server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
          faults, false);
      server.init(InetAddress.getLoopbackAddress(), 0);
      props.put(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, server.url("/"));
      props.put(Config.KUBERNETES_TRUST_CERT_SYSTEM_PROPERTY, "true");
      props.put(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      props.put(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
      props.put(Config.KUBERNETES_HTTP2_DISABLE, "true");
      props.put("quarkus.tls.trust-all", "true");
    }
    props.put(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, NAMESPACE);
    // fabric8 reads these as system properties, not through Quarkus config.
    props.forEach(System::setProperty);
    return props;
  }

  @Override
  public void stop() {
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  /** Faults to inject into the mock server's answers; absent against a real cluster. */
  public static Optional<FaultInjector> faults() {
    return Optional.ofNullable(faults);
  }

  /** The mock server, or empty against a real cluster. */
  public static Optional<KubernetesMockServer> mock() {
    return Optional.ofNullable(server);
  }

  /** Drains the mock server's request log and returns what was recorded since the last drain. */
  public static List<RecordedRequest> drainRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    if (server == null) {
      return requests;
    }
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  /**
   * Plays the Deployment controller, which the mock server lacks: reports every pod of the current
   * spec as updated and ready. On a real cluster the real controller does this.
   */
  public static void rollOut(KubernetesClient client, Deployment deployment) {
    if (server == null) {
      return;
    }
    int replicas = deployment.getSpec().getReplicas();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .build());
    client.resource(deployment).updateStatus();
  }
}
