package io.appstack.operator.reconcile.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.reconcile.ConnectionSettings;
import io.appstack.operator.reconcile.StackPlan;
import io.appstack.operator.testing.LenientYaml;
import io.appstack.operator.testing.PodSecurity;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Probes and pod settings from the spec reach the pod templates, and nothing else changes with them. */
class PodSettingsTest {
  private static final AppStack STACK = LenientYaml.read("""
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: shop, namespace: ns, uid: uid-1}
      spec:
        api:
          image: acme/api:1
          terminationGracePeriodSeconds: 45
          probes:
            liveness: {tcpSocket: {port: http}, periodSeconds: 20}
            startup: {httpGet: {path: /started, port: http}, failureThreshold: 30, periodSeconds: 2}
            preStop: {sleep: {seconds: 5}}
          pod:
            nodeSelector: {pool: apps}
            tolerations: [{key: dedicated, operator: Equal, value: apps, effect: NoSchedule}]
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms: [{matchExpressions: [{key: arch, operator: In, values: [amd64]}]}]
            topologySpreadConstraints:
              - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule,
                 labelSelector: {matchLabels: {app.kubernetes.io/instance: shop-api}}}
            annotations: {sidecar.istio.io/inject: "false"}
            labels: {team: shop}
            priorityClassName: apps-high
            serviceAccountName: shop-api
            automountServiceAccountToken: true
            imagePullSecrets: [{name: regcred}]
            runAsUser: 1000
            runAsGroup: 1000
            fsGroup: 2000
        workers:
          - name: emails
            image: acme/worker:1
            queue: emails
            probes:
              liveness: {exec: {command: [node, healthcheck.js]}, periodSeconds: 30}
          - name: plain
            image: acme/worker:1
            queue: plain
      """, AppStack.class);
  private static final StackPlan PLAN = new StackPlan("Enterprise", 10, Map.of("emails", 20, "plain", 20),
      ConnectionSettings.of(STACK, null));

  private static PodTemplateSpec api() {
    return ApiDeploymentDependent.desired(STACK, PLAN).getSpec().getTemplate();
  }

  private static PodTemplateSpec worker(int i) {
    return WorkerDeploymentsDependent.desired(STACK, STACK.getSpec().workers().get(i), 20, PLAN).getSpec().getTemplate();
  }

  @Test
  void aProbeSetInTheSpecReplacesTheHealthPathOneAndTheOthersStay() {
    var container = api().getSpec().getContainers().get(0);
    assertThat(container.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getLivenessProbe().getHttpGet()).isNull();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("readiness still from healthPath")
        .isEqualTo("/health/ready");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/started");
    assertThat(container.getStartupProbe().getFailureThreshold()).isEqualTo(30);
    assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
  }

  @Test
  void aWorkerHasOnlyTheProbesItConfigures() {
    var probed = worker(0).getSpec().getContainers().get(0);
    assertThat(probed.getLivenessProbe().getExec().getCommand()).containsExactly("node", "healthcheck.js");
    assertThat(probed.getReadinessProbe()).isNull();
    assertThat(probed.getStartupProbe()).isNull();
    var plain = worker(1).getSpec().getContainers().get(0);
    assertThat(plain.getLivenessProbe()).isNull();
    assertThat(plain.getReadinessProbe()).isNull();
    assertThat(plain.getLifecycle()).isNull();
  }

  @Test
  void podSettingsReachThePodAndTheOperatorsLabelsAndSecurityStay() {
    var template = api();
    var pod = template.getSpec();
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "apps"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms()).hasSize(1);
    assertThat(pod.getTopologySpreadConstraints()).as("the user's spread replaces Enterprise's zone spread")
        .singleElement().satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getPriorityClassName()).isEqualTo("apps-high");
    assertThat(pod.getServiceAccountName()).isEqualTo("shop-api");
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(2000L);
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(45L);
    assertThat(template.getMetadata().getLabels()).containsEntry("team", "shop")
        .containsEntry("app.kubernetes.io/instance", "shop-api");
    assertThat(template.getMetadata().getAnnotations()).containsEntry("sidecar.istio.io/inject", "false")
        .containsKey(PodTemplates.CONNECTIONS_HASH);
    assertThat(PodSecurity.restrictedViolations(pod)).isEmpty();
  }

  @Test
  void unsetSettingsAreNotWrittenAndEnterpriseStillSpreadsOverZones() {
    var pod = worker(1).getSpec();
    assertThat(pod.getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getTolerations()).isNullOrEmpty();
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getPriorityClassName()).isNull();
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getImagePullSecrets()).isNullOrEmpty();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNull();
    assertThat(pod.getTerminationGracePeriodSeconds()).as("a worker's default: time to finish its job").isEqualTo(300L);
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    assertThat(ApiDeploymentDependent.desired(LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: s, namespace: ns}
        spec: {api: {image: a/b:1}}
        """, AppStack.class), PLAN).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .as("the API keeps Kubernetes' default").isNull();
  }

  @Test
  void theApiIsScrapedByTheConventionalAnnotationsAndAWorkerOnlyWhenItServesMetrics() {
    assertThat(api().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "8080").containsEntry("prometheus.io/path", "/metrics");
    assertThat(worker(1).getMetadata().getAnnotations()).doesNotContainKey("prometheus.io/scrape");
  }
}
