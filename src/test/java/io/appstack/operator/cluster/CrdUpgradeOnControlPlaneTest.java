package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.Processes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart's CRD upgrade path on a real API server, with real {@code helm install/upgrade/uninstall} (helm-java):
 * from the chart that shipped the CRD in Helm's crds/ folder (which Helm never upgrades) to the one that ships it as
 * a template kept on uninstall. On a control plane of its own: the CRD is cluster-wide.
 */
@Tag(ControlPlaneTests.TAG)
class CrdUpgradeOnControlPlaneTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** A field the previous chart's CRD did not have: what an older CRD lacks. */
  private static final String NEW_FIELD = "paused";

  @Test
  void upgradingFromACrdsFolderChartServesTheNewSchemaKeepsEveryStackAndUninstallKeepsTheCrd() throws IOException {
    try (ControlPlane cluster = ControlPlane.dedicated(); KubernetesClient admin = cluster.client("crd-upgrade-test")) {
      String release = "appstack-operator";
      String system = cluster.namespace("appstack-system");
      String team = cluster.namespace("team");
      Path kubeconfig = cluster.kubeconfig();

      // The previous chart installs its CRD from crds/, without the new field: a stack's `paused` is pruned.
      new Helm(previousChart()).install().withName(release).withNamespace(system).withKubeConfig(kubeconfig)
          .set("logLevel", "DEBUG").call();
      AppStack old = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> create(admin, team, "old"), s -> s != null);
      assertThat(schemaHasNewField(admin)).isFalse();
      assertThat(old.getSpec().paused()).as("pruned by the old schema").isNotEqualTo(Boolean.TRUE);

      // Helm will not take over a CRD it did not create as a release object, until it is labelled as its own
      // (README: "Upgrading").
      assertThatThrownBy(() -> upgrade(release, system, kubeconfig)).hasMessageContaining("invalid ownership metadata");
      admin.apiextensions().v1().customResourceDefinitions().withName(ControlPlaneTests.CRD_NAME).edit(crd -> {
        crd.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
        crd.getMetadata().getAnnotations().putAll(Map.of("meta.helm.sh/release-name", release,
            "meta.helm.sh/release-namespace", system));
        return crd;
      });
      assertThat(upgrade(release, system, kubeconfig).getStatus()).isEqualTo("deployed");
      assertThat(admin.apps().deployments().inNamespace(system).withName(release).get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getEnv()).as("the value set at install, kept by the README's upgrade")
          .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("QUARKUS_LOG_LEVEL=DEBUG"));

      assertThat(schemaHasNewField(admin)).as("the upgraded CRD").isTrue();
      assertThat(crd(admin).getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
      AppStack fresh = create(admin, team, "fresh");
      assertThat(fresh.getSpec().paused()).as("served by the new schema").isTrue();
      assertThat(stack(admin, team, "old").getMetadata().getUid()).as("a stack from before the upgrade")
          .isEqualTo(old.getMetadata().getUid());

      // Uninstalling removes the operator but keeps the CRD, and so every AppStack.
      Helm.uninstall(release).withNamespace(system).withKubeConfig(kubeconfig).call();
      assertThat(admin.apps().deployments().inNamespace(system).withName(release).get()).isNull();
      assertThat(crd(admin)).isNotNull();
      assertThat(admin.resources(AppStack.class).inNamespace(team).list().getItems())
          .extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("old", "fresh");

      // Installed again under the same name, the release owns the kept CRD again.
      assertThat(install(release, system, kubeconfig, true).getStatus()).isEqualTo("deployed");
      // A second installation (a fleet split by stackSelector) may not own it too: it leaves the CRD alone.
      String shardB = cluster.namespace("shard-b");
      assertThatThrownBy(() -> install("shard-b", shardB, kubeconfig, true))
          .hasMessageContaining("invalid ownership metadata");
      assertThat(install("shard-b", shardB, kubeconfig, false).getStatus()).isEqualTo("deployed");
      assertThat(crd(admin).getMetadata().getAnnotations()).containsEntry("meta.helm.sh/release-name", release);
    }
  }

  /** {@code helm upgrade --reset-then-reuse-values}, as the README says. */
  private static Release upgrade(String release, String namespace, Path kubeconfig) {
    return new Helm(ChartOnControlPlaneTest.CHART).upgrade().withName(release).withNamespace(namespace)
        .withKubeConfig(kubeconfig).resetThenReuseValues().call();
  }

  private static Release install(String release, String namespace, Path kubeconfig, boolean crds) {
    return new Helm(ChartOnControlPlaneTest.CHART).install().withName(release).withNamespace(namespace)
        .withKubeConfig(kubeconfig).set("crds.install", crds).call();
  }

  private static AppStack create(KubernetesClient admin, String namespace, String name) {
    AppStack stack = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s}
        spec: {%s: true, api: {image: ghcr.io/acme/shop-api:1.4.2}}
        """.formatted(name, NEW_FIELD), AppStack.class);
    return admin.resource(stack).inNamespace(namespace).create();
  }

  private static AppStack stack(KubernetesClient admin, String namespace, String name) {
    return admin.resources(AppStack.class).inNamespace(namespace).withName(name).get();
  }

  private static CustomResourceDefinition crd(KubernetesClient admin) {
    return admin.apiextensions().v1().customResourceDefinitions().withName(ControlPlaneTests.CRD_NAME).get();
  }

  private static boolean schemaHasNewField(KubernetesClient admin) {
    return crd(admin).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
        .getProperties().containsKey(NEW_FIELD);
  }

  /**
   * The chart as 0.1.0 shipped it: the CRD in crds/ (installed once, never upgraded by Helm) and no CRD template,
   * and that CRD one field older than today's.
   */
  private static Path previousChart() throws IOException {
    Path chart = Processes.tempDir("previous-chart-").resolve("appstack-operator");
    try (Stream<Path> files = Files.walk(ChartOnControlPlaneTest.CHART)) {
      for (Path source : files.toList()) {
        Path target = chart.resolve(ChartOnControlPlaneTest.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.delete(chart.resolve("templates/crd.yaml"));
    ObjectNode crd = (ObjectNode) YAML.readTree(Path.of(ControlPlaneTests.CRD_FILE).toFile());
    ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties")).remove(NEW_FIELD);
    Files.createDirectories(chart.resolve("crds"));
    YAML.writeValue(chart.resolve("crds/appstacks.appstack.io-v1.yml").toFile(), crd);
    return chart;
  }
}
