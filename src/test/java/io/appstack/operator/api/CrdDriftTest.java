package io.appstack.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.testing.CrdSchema;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in CRD is what the model generates; run {@code make crds} after changing the model. */
class CrdDriftTest {
  static final Path CHART_CRD = Path.of("helm-chart/appstack-operator/files/appstacks.appstack.io-v1.yml");

  @Test
  void checkedInCrdMatchesTheModel(@TempDir Path out) throws IOException {
    new CRDGenerator().customResourceClasses(AppStack.class).withPostProcessor(new SchemaHardening())
        .forCRDVersions("v1").inOutputDir(out.toFile())
        .generate();
    String generated = Files.readString(out.resolve("appstacks.appstack.io-v1.yml"));

    assertThat(Files.readString(CrdSchema.CRD))
        .as("crds/ is stale: run `make crds`")
        .isEqualTo(generated);
  }

  @Test
  void chartShipsTheSameCrd() throws IOException {
    assertThat(Files.readString(CHART_CRD))
        .as("the chart's CRD is stale: run `make crds`")
        .isEqualTo(Files.readString(CrdSchema.CRD));
  }

  @Test
  void crdHasCelRulesPrinterColumnsAndShortName() throws IOException {
    String crd = Files.readString(CrdSchema.CRD);
    assertThat(crd).contains("x-kubernetes-validations", "self.apiMinReplicas <= self.apiMaxReplicas", "additionalPrinterColumns",
        "- \"astack\"", "subresources:\n      status: {}");
  }
}
