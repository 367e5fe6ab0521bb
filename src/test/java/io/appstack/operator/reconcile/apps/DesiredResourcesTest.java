package io.appstack.operator.reconcile.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.reconcile.ConnectionSettings;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desired() builders, with no cluster. */
class DesiredResourcesTest {
  static final AppStack STACK = stack(AppStackSpec.ofApi(ApiSpec.of("ghcr.io/acme/api:1"))
      .withWorkers(List.of(WorkerSpec.of("emails", "ghcr.io/acme/worker:1", "emails-q"))));
  static final StackPlan PLAN = new StackPlan("Small", 2, Map.of("emails", 2), ConnectionSettings.of(STACK, null));

  static AppStack stack(AppStackSpec spec) {
    AppStack stack = new AppStack("ns", "shop", spec);
    stack.getMetadata().setUid("uid-1");
    return stack;
  }

  @Test
  void apiDeploymentHasStandardLabelsReplicasAndOwner() {
    Deployment d = ApiDeploymentDependent.desired(STACK, PLAN);
    assertThat(d.getMetadata().getName()).isEqualTo("shop-api");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "api")
        .containsEntry("app.kubernetes.io/instance", "shop-api")
        .containsEntry("app.kubernetes.io/component", "api")
        .containsEntry("app.kubernetes.io/part-of", "shop")
        .containsEntry("app.kubernetes.io/managed-by", "appstack-operator");
    assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("uid-1");
      assertThat(o.getKind()).isEqualTo("AppStack");
      assertThat(o.getController()).isTrue();
    });
    assertThat(d.getSpec().getReplicas()).as("from the plan").isEqualTo(2);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/instance", "shop-api", "app.kubernetes.io/managed-by", "appstack-operator"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
        d.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void podsMeetTheRestrictedPodSecurityStandard() {
    for (Deployment d : List.of(ApiDeploymentDependent.desired(STACK, PLAN),
        WorkerDeploymentsDependent.desired(STACK, STACK.getSpec().workers().get(0), 2, PLAN))) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).isNull();
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      for (Container c : pod.getContainers()) {
        var sc = c.getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isNull();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      }
      assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }
  }

  @Test
  void readOnlyRootFilesystemCanBeTurnedOff() {
    ApiSpec writable = new ApiSpec("acme/api:1", null, null, null, null, null, null, null, null, null, null, false, null);
    AppStack stack = stack(AppStackSpec.ofApi(writable));
    Deployment d = ApiDeploymentDependent.desired(stack, new StackPlan("Small", 2, Map.of(), ConnectionSettings.of(stack, null)));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(c.getVolumeMounts()).isNullOrEmpty();
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
  }

  @Test
  void probesComeFromHealthPathOnTheNamedPort() {
    Container api = ApiDeploymentDependent.desired(STACK, PLAN).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(api.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(api.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8080);
    });
    // A worker serves no HTTP unless it says so: no probe (BullMQ workers were restarted forever), and a grace
    // period to finish its job when it is stopped.
    var pod = WorkerDeploymentsDependent.desired(STACK, STACK.getSpec().workers().get(0), 2, PLAN)
        .getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getReadinessProbe()).isNull();
    assertThat(pod.getContainers().get(0).getLivenessProbe()).isNull();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(300L);
    WorkerSpec probed = new WorkerSpec("http", "acme/w:1", "q", null, null, null, null, null, 9090, "/healthz", null,
        null, null, 30, null, null);
    var withHealth = WorkerDeploymentsDependent.desired(STACK, probed, 2, PLAN).getSpec().getTemplate().getSpec();
    assertThat(withHealth.getContainers().get(0).getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(withHealth.getContainers().get(0).getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(withHealth.getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void requestsDefaultAndUserValuesWin() {
    Container api = ApiDeploymentDependent.desired(STACK, PLAN).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(api.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
    assertThat(api.getResources().getLimits()).isNullOrEmpty();

    var given = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("500m"))
        .addToLimits("memory", new Quantity("1Gi")).build();
    var resources = PodTemplates.withDefaultRequests(given);
    assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1Gi"));
    assertThat(resources.getLimits()).containsEntry("memory", new Quantity("1Gi"));
  }

  @Test
  void workerPodsGetTheirQueueUserEnvAndTheConnectionSecret() {
    WorkerSpec worker = new WorkerSpec("emails", "acme/w:1", "mail", null, null, null,
        List.of(new EnvVar("LOG_LEVEL", "debug", null)), null, null, null, null, null, null, null, null, null);
    Deployment d = WorkerDeploymentsDependent.desired(STACK, worker, 3, PLAN);
    assertThat(d.getMetadata().getName()).isEqualTo("shop-worker-emails");
    assertThat(d.getMetadata().getLabels()).containsEntry(Labels.WORKER_POOL, "emails")
        .containsEntry(Labels.COMPONENT, "worker");
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("QUEUE_NAME", "mail"),
            org.assertj.core.groups.Tuple.tuple("LOG_LEVEL", "debug"));
    assertThat(c.getEnvFrom()).singleElement()
        .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("shop-connections"));
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(PodTemplates.CONNECTIONS_HASH, PLAN.connections().hash());
  }

  @Test
  void connectionSecretCarriesDataNotStringData() {
    var secret = ConnectionSecretDependent.desired(STACK, PLAN);
    assertThat(secret.getMetadata().getName()).isEqualTo("shop-connections");
    assertThat(secret.getStringData()).isNullOrEmpty();
    assertThat(secret.getType()).as("server default, not emitted").isNull();
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("APPSTACK_NAME")), StandardCharsets.UTF_8))
        .isEqualTo("shop");
  }

  @Test
  void connectionHashChangesWithContentOnly() {
    var a = new ConnectionSettings(Map.of("A", "1", "B", "2"));
    var sameContent = new ConnectionSettings(Map.of("B", "2", "A", "1"));
    var other = new ConnectionSettings(Map.of("A", "1", "B", "3"));
    assertThat(a.hash()).isEqualTo(sameContent.hash()).isNotEqualTo(other.hash());
    assertThat(a.toString()).doesNotContain("1", "2");
  }

  @Test
  void serviceAndDisruptionBudgetSelectTheApiPods() {
    var service = ApiServiceDependent.desired(STACK, PLAN);
    var pdb = ApiDisruptionBudgetDependent.desired(STACK, PLAN);
    var selector = Labels.selector("shop-api");
    assertThat(service.getSpec().getSelector()).isEqualTo(selector);
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(service.getSpec().getType()).as("server default, not emitted").isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }
}
