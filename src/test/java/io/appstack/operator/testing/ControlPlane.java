package io.appstack.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC, admission, audit log),
 * kube-controller-manager (garbage collector, Deployment, ReplicaSet, StatefulSet, ServiceAccount
 * controllers…), kube-scheduler and kwok, which plays the kubelet of one fake node (pods become Running and
 * Ready without containers). The binaries are built from pinned Go modules by {@code hack/control-plane.sh};
 * a missing one fails the test with the command that builds it, it never skips.
 *
 * <p>One control plane serves a whole test run ({@link #shared()}); tests keep out of each other's way with a
 * namespace each ({@link #namespace}). It is stopped, every process with it, when the JVM exits.
 */
public final class ControlPlane implements AutoCloseable {
  /** The binary directory; defaults to what {@code hack/control-plane.sh --dir} prints. */
  public static final String BIN_ENV = "APPSTACK_CONTROL_PLANE_BIN";
  static final List<String> BINARIES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "kwok-stages.yaml");
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** The group a ServiceAccount of the chart gets its permissions through, and the admin's. */
  public static final String ADMIN_USER = "appstack-test-admin";
  public static final String NODE_NAME = "kwok-node-0";
  static final Map<String, Quantity> NODE_CAPACITY = Map.of("cpu", new Quantity("100000"),
      "memory", new Quantity("400Ti"), "pods", new Quantity("100000"));

  private static ControlPlane shared;

  private final Path bin;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> byName = new java.util.concurrent.ConcurrentHashMap<>();
  private final String adminToken = ControlPlaneFiles.randomToken();
  private final AtomicInteger namespaces = new AtomicInteger();
  private int apiPort;
  private Path kubeconfig;
  private Path caFile;
  private Duration startedIn;

  /** The control plane of this test run, started on first use and stopped when the JVM exits. */
  public static synchronized ControlPlane shared() {
    if (shared == null) {
      ControlPlane started = new ControlPlane(binaryDirectory());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-stop"));
      started.start();
      shared = started;
    }
    return shared;
  }

  /**
   * A control plane of its own, for tests that change what is cluster-wide (CRDs, ClusterRoles) and so cannot
   * share one; the caller closes it.
   */
  public static ControlPlane dedicated() {
    ControlPlane started = new ControlPlane(binaryDirectory());
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-stop"));
    started.start();
    return started;
  }

  private ControlPlane(Path bin) {
    this.bin = bin;
    this.dir = Processes.tempDir("control-plane-");
  }

  static Path binaryDirectory() {
    String fromEnv = System.getenv(BIN_ENV);
    Path dir;
    if (fromEnv != null && !fromEnv.isBlank()) {
      dir = Path.of(fromEnv);
    } else {
      Processes.Result result = Processes.run(List.of("bash", "hack/control-plane.sh", "--dir"), Map.of(), 30)
          .requireSuccess("hack/control-plane.sh --dir");
      dir = Path.of(result.output().strip());
    }
    for (String binary : BINARIES) {
      if (!Files.exists(dir.resolve(binary))) {
        fail(dir.resolve(binary) + " is missing: build the control plane with hack/control-plane.sh "
            + "(.ci/run and make test do)");
      }
    }
    return dir;
  }

  private void start() {
    long begin = System.nanoTime();
    try {
      int etcdPort = Processes.freePort();
      int etcdPeerPort = Processes.freePort();
      apiPort = Processes.freePort();
      Files.createDirectories(dir.resolve("certs"));
      caFile = dir.resolve("certs/apiserver.crt");
      ControlPlaneFiles.writeServiceAccountKeys(dir.resolve("sa.key"), dir.resolve("sa.pub"));
      String controllerToken = ControlPlaneFiles.randomToken();
      String schedulerToken = ControlPlaneFiles.randomToken();
      Files.writeString(dir.resolve("tokens.csv"), String.join("\n",
          adminToken + "," + ADMIN_USER + ",1,\"system:masters\"",
          // The controllers run with one identity each, not one ServiceAccount per controller as kubeadm sets
          // up, so they need every right their controllers use.
          controllerToken + ",system:kube-controller-manager,2,\"system:masters\"",
          schedulerToken + ",system:kube-scheduler,3,\"system:masters\"") + "\n");
      Files.writeString(dir.resolve("audit-policy.yaml"), ControlPlaneFiles.AUDIT_POLICY);

      launch("etcd", List.of(bin("etcd"), "--name=default", "--data-dir=" + dir.resolve("etcd"),
          "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
          "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
          "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
          "--initial-cluster=default=http://127.0.0.1:" + etcdPeerPort,
          "--unsafe-no-fsync", "--log-level=warn"));

      launch("kube-apiserver", List.of(bin("kube-apiserver"),
          "--etcd-servers=http://127.0.0.1:" + etcdPort,
          "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
          "--cert-dir=" + dir.resolve("certs"),
          "--token-auth-file=" + dir.resolve("tokens.csv"),
          "--authorization-mode=RBAC",
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          "--service-account-key-file=" + dir.resolve("sa.pub"),
          "--service-account-signing-key-file=" + dir.resolve("sa.key"),
          "--api-audiences=https://kubernetes.default.svc.cluster.local",
          "--service-cluster-ip-range=10.96.0.0/16",
          "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
          "--audit-log-path=" + auditLogPath(), "--audit-log-mode=blocking", "--audit-log-format=json",
          "--audit-log-maxsize=0"));
      awaitReady();
      kubeconfig = ControlPlaneFiles.writeKubeconfig(dir, "admin", server(), caFile, adminToken);
      Path controllerKubeconfig = ControlPlaneFiles.writeKubeconfig(dir, "controller-manager", server(), caFile,
          controllerToken);
      Path schedulerKubeconfig = ControlPlaneFiles.writeKubeconfig(dir, "scheduler", server(), caFile, schedulerToken);

      launch("kube-controller-manager", List.of(bin("kube-controller-manager"),
          "--kubeconfig=" + controllerKubeconfig, "--leader-elect=false", "--secure-port=0",
          "--service-account-private-key-file=" + dir.resolve("sa.key"), "--root-ca-file=" + caFile,
          "--use-service-account-credentials=false", "--concurrent-gc-syncs=5",
          "--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller",
          // Client-go's defaults (20 requests/s) would pace the controllers far below the API server's speed.
          "--kube-api-qps=500", "--kube-api-burst=1000", "--concurrent-deployment-syncs=10",
          "--concurrent-replicaset-syncs=10", "--concurrent-statefulset-syncs=10"));
      launch("kube-scheduler", List.of(bin("kube-scheduler"),
          "--kubeconfig=" + schedulerKubeconfig, "--leader-elect=false", "--secure-port=0",
          "--kube-api-qps=500", "--kube-api-burst=1000"));
      launch("kwok", List.of(bin("kwok"), "--kubeconfig=" + kubeconfig,
          "--config=" + bin.resolve("kwok-stages.yaml"),
          "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
          "--node-ip=10.244.0.1", "--cidr=10.244.0.0/16", "--server-address=127.0.0.1:" + Processes.freePort()));
      try (KubernetesClient client = client("control-plane-setup")) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE_NAME)
            .addToAnnotations("kwok.x-k8s.io/node", "fake").addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
            .addToLabels("kubernetes.io/hostname", NODE_NAME).addToLabels("kubernetes.io/os", "linux")
            .addToLabels("kubernetes.io/arch", "amd64").addToLabels("type", "kwok")
            .endMetadata()
            .withNewStatus()
            // Room for the 1,000-stack benchmark's 10,000 pods and their requests.
            .addToCapacity(NODE_CAPACITY)
            .addToAllocatable(NODE_CAPACITY)
            .endStatus()
            .build()).create();
        awaitNodeReady(client);
      }
      startedIn = Duration.ofNanos(System.nanoTime() - begin);
      System.out.println("control plane ready in " + startedIn.toMillis() + " ms: " + kubeconfig);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      String logs = String.join("\n", List.of("etcd", "kube-apiserver", "kube-controller-manager",
          "kube-scheduler", "kwok").stream().map(n -> "--- " + n + "\n" + Processes.tail(log(n))).toList());
      close();
      throw new IllegalStateException("the control plane did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  private Process launch(String name, List<String> command) {
    Process process = Processes.start(command, Map.of(), log(name));
    processes.add(process);
    byName.put(name, process);
    return process;
  }

  /** CPU time {@code component} (etcd, kube-apiserver, …) has used so far. */
  public Duration cpu(String component) {
    Process process = byName.get(component);
    return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private String bin(String name) {
    return bin.resolve(name).toString();
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  public Path auditLogPath() {
    return dir.resolve("audit.log");
  }

  /** The admin's kubeconfig (group {@code system:masters}). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path caFile() {
    return caFile;
  }

  public String server() {
    return "https://127.0.0.1:" + apiPort;
  }

  public Duration startedIn() {
    return startedIn;
  }

  /** A client with the admin's rights, identified by {@code userAgent} in the audit log. */
  public KubernetesClient client(String userAgent) {
    return clientWithToken(adminToken, userAgent);
  }

  /** A client that authenticates with {@code token} (a ServiceAccount's, say). */
  public KubernetesClient clientWithToken(String token, String userAgent) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setOauthToken(token);
      config.setAutoOAuthToken(null);
      config.setUserAgent(userAgent);
      config.setNamespace("default");
      config.setRequestRetryBackoffLimit(3);
      // Read as the operator's production client reads (ClientSerialization).
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization(mapper, true);
      io.appstack.operator.reconcile.runtime.ClientSerialization.configure(mapper);
      return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh namespace named after {@code prefix}, enforcing the {@code restricted} Pod Security Standard as
   * production namespaces should: a generated pod that breaks it is refused by the API server.
   */
  public String namespace(String prefix) {
    String name = (prefix + "-" + namespaces.incrementAndGet()).toLowerCase();
    try (KubernetesClient client = client("control-plane-setup")) {
      Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name)
          .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
          .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
          .endMetadata().build();
      client.namespaces().resource(ns).create();
      // The ServiceAccount admission plugin refuses pods until the controller made the default account.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
    }
    return name;
  }

  /**
   * Applies the CRD in {@code file} server-side (as a GitOps tool or {@code kubectl apply --server-side}
   * would) and waits until the API server serves it.
   */
  public void applyCrd(Path file) {
    try (KubernetesClient client = client("crd-installer"); var in = Files.newInputStream(file)) {
      HasMetadata crd = client.load(in).items().get(0);
      client.resource(crd).forceConflicts().fieldManager("crd-installer").serverSideApply();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            var served = client.apiextensions().v1().customResourceDefinitions()
                .withName(crd.getMetadata().getName()).get();
            return served != null && served.getStatus() != null && served.getStatus().getConditions() != null
                && served.getStatus().getConditions().stream()
                    .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A volume bound in advance to the claim {@code claim} in {@code namespace}, which a StatefulSet will make:
   * the control plane has no provisioner, and the real PV controller binds it.
   */
  public void volumeFor(String namespace, String claim) {
    try (KubernetesClient client = client("control-plane-setup")) {
      volumeFor(client, namespace, claim);
    }
  }

  /** As {@link #volumeFor(String, String)}, with the caller's client (for many volumes). */
  public static void volumeFor(KubernetesClient client, String namespace, String claim) {
    client.persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
        .withNewMetadata().withName(namespace + "-" + claim).endMetadata()
        .withNewSpec()
          .withCapacity(Map.of("storage", new Quantity("10Gi")))
          .withAccessModes("ReadWriteOnce")
          .withNewHostPath().withPath("/tmp/" + namespace + "/" + claim).endHostPath()
          .withNewClaimRef().withNamespace(namespace).withName(claim).endClaimRef()
        .endSpec().build()).create();
  }

  /** The audit log: every request the API server answered, with its user, user agent, verb and object. */
  public AuditLog auditLog() {
    return new AuditLog(auditLogPath());
  }

  private void awaitReady() throws IOException {
    HttpClient http = null;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "not started";
    while (System.nanoTime() < deadline) {
      if (!processes.stream().allMatch(Process::isAlive)) {
        fail("a control-plane process exited");
      }
      if (Files.exists(caFile)) {
        if (http == null) {
          // The API server writes its self-signed certificate (and the CA that signed it) on start.
          http = HttpClient.newBuilder().sslContext(ControlPlaneFiles.trusting(caFile)).connectTimeout(Duration.ofSeconds(2)).build();
        }
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server() + "/readyz"))
              .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return;
          }
          last = response.statusCode() + " " + response.body();
        } catch (IOException e) {
          last = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      sleep(200);
    }
    fail("kube-apiserver not ready after " + START_TIMEOUT.toSeconds() + "s: " + last);
  }

  private void awaitNodeReady(KubernetesClient client) {
    org.awaitility.Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          var node = client.nodes().withName(NODE_NAME).get();
          return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
              && node.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every process, last started first. The directory stays under target/ for the logs. */
  @Override
  public synchronized void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Processes.stop(processes.get(i));
    }
    processes.clear();
  }
}
