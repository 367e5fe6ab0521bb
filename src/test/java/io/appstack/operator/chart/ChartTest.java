package io.appstack.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.appstack.operator.reconcile.AppStackReconciler;
import io.appstack.operator.reconcile.runtime.LeaderElection;
import io.appstack.operator.testing.PodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chart lints, and renders a Deployment that is safe, configurable and wired to the operator's config. */
class ChartTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(Chart.DIR).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void chartMetadata() throws IOException {
    JsonNode chart = YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());

    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("appstack-operator");
    assertThat(chart.path("appVersion").asText()).isEqualTo("0.1.0");
    assertThat(Files.exists(Chart.DIR.resolve("values.schema.json"))).isTrue();
    assertThat(Files.exists(Chart.DIR.resolve("templates/NOTES.txt"))).isTrue();
  }

  @Test
  void defaultsRenderOneReplicaOfTheAppVersionImage() {
    Deployment deployment = deployment(Chart.render(Map.of()));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(operator(deployment).getImage()).isEqualTo("appstack/appstack-operator:0.1.0");
    assertThat(operator(deployment).getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void replicaCountAndImageAreHonoured() {
    Deployment deployment = deployment(Chart.render(Map.of("replicaCount", 2,
        "image.repository", "registry.example.com/appstack", "image.tag", "0.2.0")));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator(deployment).getImage()).isEqualTo("registry.example.com/appstack:0.2.0");
  }

  @Test
  void podMeetsTheRestrictedPodSecurityStandard() {
    PodSpec pod = deployment(Chart.render(Map.of())).getSpec().getTemplate().getSpec();

    assertThat(PodSecurity.restrictedViolations(pod)).isEmpty();
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/tmp");
      assertThat(pod.getVolumes()).anySatisfy(v -> {
        assertThat(v.getName()).isEqualTo(m.getName());
        assertThat(v.getEmptyDir()).isNotNull();
      });
    });
  }

  @Test
  void theRestrictedCheckCatchesAnUnsafeOverride() {
    // The check itself must be able to fail: an override that allows escalation is reported.
    PodSpec pod = deployment(Chart.render(Map.of("securityContext.allowPrivilegeEscalation", true)))
        .getSpec().getTemplate().getSpec();

    assertThat(PodSecurity.restrictedViolations(pod)).containsExactly(
        "container operator: allowPrivilegeEscalation must be false");
  }

  @Test
  void probesHitQuarkusHealthOnPort8080() {
    Container operator = operator(deployment(Chart.render(Map.of())));
    int http = operator.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow()
        .getContainerPort();

    assertThat(http).isEqualTo(8080);
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    // Liveness waits for start-up (7–10 CPU-seconds): up to 3 minutes on the startup probe.
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    assertThat(operator.getStartupProbe().getPeriodSeconds() * operator.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(120);
    assertThat(operator.getLivenessProbe().getInitialDelaySeconds()).isNull();
  }

  @Test
  void stackPodMonitorLabelsAndTheExporterImageReachTheOperator() {
    var defaults = env(deployment(Chart.render(Map.of())));
    assertThat(defaults.get("APPSTACK_SCRAPE_POD_MONITORS").getValue()).isEqualTo("true");
    assertThat(defaults.get("APPSTACK_SCRAPE_POD_MONITOR_LABELS").getValue()).isEmpty();
    assertThat(defaults.get("APPSTACK_REDIS_EXPORTER_IMAGE").getValue()).isEqualTo(io.appstack.operator.datatier.RedisExporter.DEFAULT_IMAGE);
    var set = env(deployment(Chart.render(Map.of("stackPodMonitors.labels.release", "prometheus",
        "stackPodMonitors.labels.team", "platform", "stackPodMonitors.enabled", false))));
    assertThat(set.get("APPSTACK_SCRAPE_POD_MONITOR_LABELS").getValue()).isEqualTo("release=prometheus,team=platform");
    assertThat(set.get("APPSTACK_SCRAPE_POD_MONITORS").getValue()).isEqualTo("false");
    assertThat(io.appstack.operator.monitoring.ScrapeSettings.parse(
        set.get("APPSTACK_SCRAPE_POD_MONITOR_LABELS").getValue()))
        .containsExactly(Map.entry("release", "prometheus"), Map.entry("team", "platform"));
  }

  @Test
  void redisMoveJobsRunTheOperatorsOwnImageUnlessAMirrorIsSet() {
    String image = operator(deployment(Chart.render(Map.of()))).getImage();
    assertThat(env(deployment(Chart.render(Map.of()))).get("APPSTACK_REDIS_MOVE_IMAGE").getValue()).isEqualTo(image);
    assertThat(env(deployment(Chart.render(Map.of("redisMove.image", "mirror.example.com/appstack:0.1.0"))))
        .get("APPSTACK_REDIS_MOVE_IMAGE").getValue()).isEqualTo("mirror.example.com/appstack:0.1.0");
  }

  @Test
  void theHeapLeavesRoomUnderTheMemoryLimit() {
    Container operator = operator(deployment(Chart.render(Map.of())));
    int ratio = Integer.parseInt(env(deployment(Chart.render(Map.of()))).get("JAVA_MAX_MEM_RATIO").getValue());
    long limitMiB = operator.getResources().getLimits().get("memory").getNumericalAmount().longValue() >> 20;
    // 150 MiB outside the heap (measured idle: 120–150) must fit beside the largest heap the JVM may take.
    assertThat(limitMiB * ratio / 100 + 150).isLessThanOrEqualTo(limitMiB);
  }

  /** The image's launcher (run-java.sh) puts GC_CONTAINER_OPTIONS where its -XX:+UseParallelGC would be. */
  @Test
  void theJvmRunsTheSerialCollectorAndC1AndTrimsItsNativeHeapUnlessTold() {
    var env = env(deployment(Chart.render(Map.of())));
    assertThat(env.get("GC_CONTAINER_OPTIONS").getValue())
        .isEqualTo("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:NewRatio=5 -XX:+UnlockExperimentalVMOptions "
            + "-XX:TrimNativeHeapInterval=5000");
    assertThat(env.get("MALLOC_ARENA_MAX").getValue()).isEqualTo("2");
    assertThat(env(deployment(Chart.render(Map.of("jvm.mallocArenaMax", 4)))).get("MALLOC_ARENA_MAX").getValue())
        .isEqualTo("4");
    assertThat(env(deployment(Chart.render(Map.of("jvm.options", "-XX:+UseParallelGC"))))
        .get("GC_CONTAINER_OPTIONS").getValue()).isEqualTo("-XX:+UseParallelGC");
  }

  @Test
  void resourcesHaveRequestsAndLimits() {
    var resources = operator(deployment(Chart.render(Map.of()))).getResources();

    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void environmentConfiguresTheOperator() {
    Map<String, EnvVar> env = env(deployment(Chart.render(Map.of(
        "logLevel", "DEBUG", "jsonLogs", false, "prometheus.url", "http://prom.example:9090",
        "prometheus.allowQueryOverrides", false))));
    assertThat(env.get(environmentName("appstack.prometheus.allow-query-overrides")).getValue()).isEqualTo("false");

    assertThat(env.get(watchedNamespacesVariable()).getValue()).isEqualTo("JOSDK_ALL_NAMESPACES");
    assertThat(env.get("QUARKUS_LOG_LEVEL").getValue()).isEqualTo("DEBUG");
    assertThat(env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("false");
    assertThat(env.get(environmentName("appstack.prometheus.url")).getValue()).isEqualTo("http://prom.example:9090");
    assertThat(env.get(environmentName(LeaderElection.ENABLED)).getValue()).isEqualTo("true");
    assertThat(env.get(environmentName(LeaderElection.LEASE_NAME)).getValue())
        .isEqualTo(LeaderElection.DEFAULT_LEASE_NAME);
    assertThat(env.get(environmentName(LeaderElection.LEASE_NAMESPACE)).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  /**
   * Several installations split a fleet by stackSelector, possibly in one namespace: each elects its own
   * leader (its own Lease) and no object of one is an object of the other.
   */
  @Test
  void installationsSideBySideShareNoLeaseAndNoObject() {
    Chart.Rendered a = Chart.render("shard-a", Map.of("stackSelector", "shard=a"));
    Chart.Rendered b = Chart.render("shard-b", Map.of("stackSelector", "shard=b"));

    String leaseA = env(a.get(Deployment.class, "shard-a-appstack-operator")).get(environmentName(LeaderElection.LEASE_NAME))
        .getValue();
    String leaseB = env(b.get(Deployment.class, "shard-b-appstack-operator")).get(environmentName(LeaderElection.LEASE_NAME))
        .getValue();
    assertThat(leaseA).isEqualTo("shard-a-appstack-operator-lease");
    assertThat(leaseB).isNotEqualTo(leaseA);
    java.util.function.Function<Chart.Rendered, java.util.Set<String>> names = r -> r.objects().stream()
        .filter(o -> !o.getKind().equals("CustomResourceDefinition"))
        .map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(names.apply(a)).doesNotContainAnyElementsOf(names.apply(b));
    assertThat(env(deployment(Chart.render(Map.of("leaderElection.leaseName", "custom-lease"))))
        .get(environmentName(LeaderElection.LEASE_NAME)).getValue()).isEqualTo("custom-lease");
  }

  @Test
  void everyOperatorVariableNamesAPropertyTheOperatorDefines() throws IOException {
    java.util.Properties properties = new java.util.Properties();
    try (var reader = Files.newBufferedReader(java.nio.file.Path.of("src/main/resources/application.properties"))) {
      properties.load(reader);
    }
    // Properties in application.properties, and those read with a default in code.
    java.util.Set<String> defined = java.util.stream.Stream.concat(properties.stringPropertyNames().stream(),
            java.util.stream.Stream.of(LeaderElection.LEASE_NAME, LeaderElection.LEASE_NAMESPACE))
        .filter(k -> !k.startsWith("%")).map(ChartTest::environmentName).collect(Collectors.toSet());

    assertThat(env(deployment(Chart.render(Map.of()))).keySet())
        .filteredOn(name -> name.startsWith("APPSTACK_"))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(defined).contains(name));
  }

  @Test
  void jsonLogsByDefault() {
    assertThat(env(deployment(Chart.render(Map.of()))).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue())
        .isEqualTo("true");
  }

  @Test
  void watchNamespacesBecomeTheControllersNamespaces() {
    Map<String, EnvVar> env = env(deployment(Chart.render(Map.of("watchNamespaces", List.of("a", "b")))));

    assertThat(env.get(watchedNamespacesVariable()).getValue()).isEqualTo("a,b");
  }

  @Test
  void stackSelectorLimitsTheControllerToMatchingStacks() {
    assertThat(env(deployment(Chart.render(Map.of()))))
        .doesNotContainKey("QUARKUS_OPERATOR_SDK_CONTROLLERS_APPSTACK_SELECTOR");
    Map<String, EnvVar> env = env(deployment(Chart.render(Map.of("stackSelector", "shard=a"))));
    assertThat(env.get("QUARKUS_OPERATOR_SDK_CONTROLLERS_APPSTACK_SELECTOR").getValue()).isEqualTo("shard=a");
  }

  @Test
  void prometheusAllowListReachesTheOperatorAsOneCommaSeparatedSetting() {
    assertThat(env(deployment(Chart.render(Map.of())))).doesNotContainKey("APPSTACK_PROMETHEUS_ALLOWED_URLS");
    Map<String, EnvVar> env = env(deployment(Chart.render(Map.of("prometheus.allowedUrls",
        List.of("https://metrics.example.com/tenants", "http://prometheus.monitoring:9090")))));
    // SmallRye reads appstack.prometheus.allowed-urls from this variable as a list.
    assertThat(env.get(environmentName("appstack.prometheus.allowed-urls")).getValue())
        .isEqualTo("https://metrics.example.com/tenants,http://prometheus.monitoring:9090");
  }

  @Test
  void leaderElectionCanBeTurnedOff() {
    Map<String, EnvVar> env = env(deployment(Chart.render(Map.of("leaderElection.enabled", false))));

    assertThat(env.get(environmentName(LeaderElection.ENABLED)).getValue()).isEqualTo("false");
  }

  @Test
  void deploymentRunsAsTheChartsServiceAccount() {
    Chart.Rendered rendered = Chart.render(Map.of());
    ServiceAccount account = rendered.get(ServiceAccount.class, Chart.FULLNAME);

    assertThat(account.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(deployment(rendered).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
  }

  @Test
  void metricsServiceSelectsTheOperatorPods() {
    Chart.Rendered rendered = Chart.render(Map.of());
    Service service = rendered.get(Service.class, Chart.FULLNAME + "-metrics");
    Deployment deployment = deployment(rendered);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void serviceMonitorIsOptional() {
    Chart.Rendered rendered = Chart.render(Map.of("metrics.serviceMonitor.enabled", true,
        "metrics.serviceMonitor.interval", "15s", "metrics.serviceMonitor.labels.release", "prometheus"));
    Service service = rendered.get(Service.class, Chart.FULLNAME + "-metrics");

    assertThat(rendered.ofKind("ServiceMonitor")).singleElement().satisfies(object -> {
      GenericKubernetesResource monitor = (GenericKubernetesResource) object;
      assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
      Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
      assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
      java.util.List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
      assertThat(endpoints).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("port", "http").containsEntry("path", "/q/metrics").containsEntry("interval", "15s"));
    });
  }

  @Test
  void metricsCanBeTurnedOff() {
    Chart.Rendered rendered = Chart.render(Map.of("metrics.enabled", false, "metrics.serviceMonitor.enabled", true));

    assertThat(rendered.all(Service.class)).isEmpty();
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void valuesSchemaRejectsBadValues() {
    assertThatThrownBy(() -> Chart.template(Map.of("replicaCount", 0)).call())
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> Chart.template(Map.of("watchNamespaces", List.of("Team_A"))).call())
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> Chart.template(Map.of("logLevel", "LOUD")).call())
        .hasMessageContaining("logLevel");
  }

  /** The env variable QOSDK reads the watched namespaces of the {@code appstack} controller from. */
  static String watchedNamespacesVariable() {
    return "QUARKUS_OPERATOR_SDK_CONTROLLERS_" + environmentName(AppStackReconciler.NAME) + "_NAMESPACES";
  }

  /** MicroProfile Config's environment form of a property name. */
  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
  }

  static Deployment deployment(Chart.Rendered rendered) {
    return rendered.get(Deployment.class, Chart.FULLNAME);
  }

  static Container operator(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> "operator".equals(c.getName())).findFirst().orElseThrow();
  }

  static Map<String, EnvVar> env(Deployment deployment) {
    return operator(deployment).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
  }
}
