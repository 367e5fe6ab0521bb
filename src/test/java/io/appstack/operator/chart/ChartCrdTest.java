package io.appstack.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRD as a template, so that {@code helm upgrade} upgrades it, and {@code helm uninstall}
 * keeps it. {@code CrdUpgradeOnControlPlaneTest} runs the upgrade and the uninstall on a real API server.
 */
class ChartCrdTest {
  @Test
  void theCrdIsRenderedFromTheGeneratedOneAndKeptOnUninstall() throws IOException {
    CustomResourceDefinition generated = Serialization.unmarshal(Files.readString(CrdSchema.CRD),
        CustomResourceDefinition.class);

    CustomResourceDefinition rendered = Chart.render(Map.of()).get(CustomResourceDefinition.class,
        generated.getMetadata().getName());

    assertThat(rendered.getSpec()).isEqualTo(generated.getSpec());
    assertThat(rendered.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(rendered.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
  }

  @Test
  void extraAnnotationsNeverDropTheKeepPolicy() {
    CustomResourceDefinition rendered = Chart.render(Map.of("crds.annotations",
        Map.of("argocd.argoproj.io/sync-options", "Delete=false"))).all(CustomResourceDefinition.class).get(0);

    assertThat(rendered.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep")
        .containsEntry("argocd.argoproj.io/sync-options", "Delete=false");
  }

  @Test
  void crdsInstallFalseLeavesTheCrdToWhoeverAppliesIt() {
    assertThat(Chart.render(Map.of("crds.install", false)).all(CustomResourceDefinition.class)).isEmpty();
  }

  /** Helm's crds/ folder would create the CRD before the template, which then could not be installed. */
  @Test
  void theChartHasNoCrdsFolder() {
    assertThat(Chart.DIR.resolve("crds")).doesNotExist();
  }
}
