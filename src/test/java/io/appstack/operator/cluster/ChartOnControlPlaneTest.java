package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.reconcile.runtime.LeaderElection;
import io.appstack.operator.testing.AuditLog;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart installed for real (helm-java, against a control plane of its own: the CRD and the chart's
 * ClusterRoles are cluster-wide), and the operator run in-process with the chart's ServiceAccount token and
 * nothing else: every right it uses must come from the chart's RBAC. A request the API server refuses is in
 * its audit log with code 403, and fails the test; so does an informer the operator may not start. Several
 * releases share the cluster, so the CRD is applied apart, as a GitOps tool would, and every release is installed
 * with {@code crds.install=false} (only one release can own it; {@code CrdUpgradeOnControlPlaneTest} tests that one).
 */
@Tag(ControlPlaneTests.TAG)
class ChartOnControlPlaneTest {
  static final Path CHART = Path.of("helm-chart/appstack-operator");
  static final URI NO_PROMETHEUS = URI.create("http://127.0.0.1:9");

  static ControlPlane cluster;
  static KubernetesClient admin;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.dedicated();
    admin = cluster.client("chart-test-admin");
    cluster.applyCrd(Path.of(ControlPlaneTests.CRD_FILE));
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void installedClusterWideTheOperatorRunsAWholeStackWithOnlyTheChartsRightsAndSurvivesAnUpgrade() {
    String release = "appstack-operator";
    String system = cluster.namespace("appstack-system");
    Release installed = helm(release, system, Map.of()).call();
    assertThat(installed.getStatus()).isEqualTo("deployed");
    // Its operator Deployment is admitted under the restricted standard.
    Deployment deployment = awaitAvailable(system, release);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(release);

    String team = cluster.namespace("team");
    AuditLog audit = cluster.auditLog();
    long mark = audit.mark();
    try (InProcessOperator operator = operatorAs(system, release, Set.of(),
        LeaderElection.configuration(true, release + "-lease", Optional.of(system), () -> { }))) {
      runWholeStack(team, "shop", operator);
      assertThat(refused(audit, mark)).as("requests the chart's RBAC refused").isEmpty();
      assertThat(admin.leases().inNamespace(system).withName(release + "-lease").get().getSpec().getHolderIdentity())
          .as("the operator led through the chart's Lease rights").isNotBlank();
    }

    Release upgraded = new Helm(CHART).upgrade().withName(release).withNamespace(system)
        .withKubeConfig(cluster.kubeconfig()).set("crds.install", false).set("logLevel", "DEBUG")
        .set("stackSelector", "tier=web").call();
    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(upgraded.getRevision()).isEqualTo("2");
    Deployment after = awaitAvailable(system, release);
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("QUARKUS_LOG_LEVEL=DEBUG"));
  }

  @Test
  void installedForOneNamespaceTheOperatorNeedsNothingClusterWideButTheCrdRead() {
    String release = "team-appstack-operator"; // contains the chart name: objects are named after it
    String system = cluster.namespace("team-system");
    String watched = cluster.namespace("team-a");
    helm(release, system, Map.of("watchNamespaces[0]", watched)).call();
    assertThat(admin.rbac().clusterRoles().withName(release).get()).as("no cluster-wide rules").isNull();
    assertThat(admin.rbac().roles().inNamespace(watched).withName(release).get()).isNotNull();

    AuditLog audit = cluster.auditLog();
    long mark = audit.mark();
    try (InProcessOperator operator = operatorAs(system, release, Set.of(watched),
        LeaderElection.configuration(true, release + "-lease", Optional.of(system), () -> { }))) {
      runWholeStack(watched, "shop", operator);
      assertThat(refused(audit, mark)).as("requests the chart's RBAC refused").isEmpty();
    }
    // Its token reaches nothing in another namespace.
    try (KubernetesClient operatorClient = cluster.clientWithToken(token(system, release), "probe")) {
      assertThatThrownBy(() -> operatorClient.apps().deployments().inNamespace("default").list())
          .hasMessageContaining("Forbidden");
    }
  }

  @Test
  void tenantsHoldingTheBuiltInRolesManageAppStacksButNeverTheirStatus() {
    String release = "tenant-appstack-operator";
    String system = cluster.namespace("tenant-system");
    String team = cluster.namespace("tenant-team");
    helm(release, system, Map.of("watchNamespaces[0]", team, "leaderElection.enabled", false)).call();
    KubernetesClient editor = tenant(team, "editor", "edit");
    KubernetesClient viewer = tenant(team, "viewer", "view");
    String stack = """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop}
        spec: {api: {image: ghcr.io/acme/shop-api:1.4.2}}
        """;
    // The aggregation controller folds the chart's roles into edit and view within moments.
    await().atMost(ClusterStacks.TIMEOUT).ignoreExceptions().until(() ->
        editor.resource(Serialization.unmarshal(stack, AppStack.class)).inNamespace(team).create() != null);
    await().atMost(ClusterStacks.TIMEOUT).ignoreExceptions().until(() ->
        viewer.resources(AppStack.class).inNamespace(team).withName("shop").get() != null);
    assertThatThrownBy(() -> viewer.resources(AppStack.class).inNamespace(team).withName("shop").delete())
        .hasMessageContaining("Forbidden");
    assertThatThrownBy(() -> editor.resources(AppStack.class).inNamespace(team).withName("shop").subresource("status")
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"status\": {\"phase\": \"Enterprise\"}}"))
        .as("status is the operator's").hasMessageContaining("Forbidden");
    assertThat(editor.resources(AppStack.class).inNamespace(team).withName("shop").delete()).hasSize(1);
    editor.close();
    viewer.close();
  }

  /** A ServiceAccount of {@code namespace} bound there to the built-in ClusterRole {@code role}, as a client. */
  static KubernetesClient tenant(String namespace, String name, String role) {
    admin.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
        .withNewMetadata().withName(name).endMetadata().build()).create();
    admin.rbac().roleBindings().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject().build()).create();
    return cluster.clientWithToken(token(namespace, name), "tenant-" + name);
  }

  @Test
  void aRuleMissingFromTheChartIsCaught() {
    String release = "short-appstack-operator";
    String system = cluster.namespace("short-system");
    String watched = cluster.namespace("short-a");
    helm(release, system, Map.of("watchNamespaces[0]", watched, "leaderElection.enabled", false)).call();
    // Take StatefulSets away, as a chart that forgot them would.
    var role = admin.rbac().roles().inNamespace(watched).withName(release).get();
    List<PolicyRule> rules = role.getRules().stream().map(rule -> {
      PolicyRule copy = Serialization.clone(rule);
      copy.setResources(rule.getResources().stream().filter(r -> !r.equals("statefulsets")).toList());
      return copy;
    }).filter(rule -> !rule.getResources().isEmpty()).toList();
    role.setRules(rules);
    admin.resource(role).update();

    assertThatThrownBy(() -> operatorAs(system, release, Set.of(watched), null).close())
        .as("the operator cannot start its StatefulSet informer").hasStackTraceContaining("statefulsets");
  }

  // --- helpers -------------------------------------------------------------------------------------

  static com.marcnuri.helm.InstallCommand helm(String release, String namespace, Map<String, Object> values) {
    var install = new Helm(CHART).install().withName(release).withNamespace(namespace)
        .withKubeConfig(cluster.kubeconfig()).waitReady().withTimeout(120).set("crds.install", false);
    values.forEach(install::set);
    return install;
  }

  /** The operator as the chart's ServiceAccount: a token for it, and the rights its bindings give. */
  static InProcessOperator operatorAs(String namespace, String serviceAccount, Set<String> watched,
      io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection) {
    KubernetesClient client = cluster.clientWithToken(token(namespace, serviceAccount), InProcessOperator.USER_AGENT);
    client.getConfiguration().setNamespace(namespace);
    // What Quarkus Operator SDK does first in production: check the CRD is installed.
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("appstacks.appstack.io").get())
        .as("the CRD, read with the operator's rights").isNotNull();
    return new InProcessOperator(client, NO_PROMETHEUS, watched, leaderElection).start();
  }

  static String token(String namespace, String serviceAccount) {
    return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  /** Every kind of child the operator makes (data tier included) until the stack is Ready, then deleted. */
  static void runWholeStack(String namespace, String name, InProcessOperator operator) {
    for (String claim : List.of("redis-0", "postgres-0", "postgres-replica-0", "postgres-replica-1")) {
      cluster.volumeFor(namespace, "data-" + name + "-" + claim);
    }
    AppStack stack = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec:
          phase: Large
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          workers:
            - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
          redis: {mode: Standalone}
          database:
            primary:
              managed: {database: shop, storage: 2Gi}
            pgbouncer: {mode: Enabled}
            readReplicas: {mode: Enabled, count: 2}
        """.formatted(name), AppStack.class);
    stack.getMetadata().setNamespace(namespace);
    admin.resource(stack).create();
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
      AppStack current = admin.resources(AppStack.class).inNamespace(namespace).withName(name).get();
      return current.getStatus() != null && current.getStatus().condition("Ready")
          .map(c -> "True".equals(c.getStatus())).orElse(false);
    });
    assertThat(operator.failures()).isEmpty();
    assertThat(admin.v1().events().inNamespace(namespace).list().getItems())
        .as("Events recorded with the chart's rights")
        .anySatisfy(e -> assertThat(e.getInvolvedObject().getKind()).isEqualTo("AppStack"));
    admin.resources(AppStack.class).inNamespace(namespace).withName(name).delete();
  }

  static List<AuditLog.Entry> refused(AuditLog audit, long mark) {
    return audit.since(mark, e -> e.userAgent().startsWith(InProcessOperator.USER_AGENT) && e.code() == 403);
  }

  static Deployment awaitAvailable(String namespace, String name) {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> admin.apps().deployments().inNamespace(namespace).withName(name).get(),
            d -> d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() >= 1
                && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration()));
  }
}
