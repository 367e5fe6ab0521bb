package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the README promises about the CRD and the defaults matches them. */
class ReadmeTest {
  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void kubectlGetListsTheColumnsInTheCrdsOrder() throws IOException {
    var crd = Serialization.unmarshal(Files.readString(Path.of("crds/appstacks.appstack.io-v1.yml")),
        CustomResourceDefinition.class);
    String columns = String.join(", ", crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
        .map(CustomResourceColumnDefinition::getName).map(n -> n.toUpperCase(Locale.ROOT)).toList());
    String line = readme().lines().filter(l -> l.startsWith("kubectl get astack")).findFirst().orElseThrow();
    assertThat(line).as("kubectl prints the CRD's columns in its order, after NAME").contains("# NAME, " + columns);
  }

  @Test
  void theOperatorAndTheChartDefaultToOnePrometheus() throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(Files.readString(Path.of("src/main/resources/application.properties"))));
    String operatorDefault = properties.getProperty("appstack.prometheus.url");
    Map<String, Object> values = Serialization.unmarshal(
        Files.readString(Path.of("helm-chart/appstack-operator/values.yaml")), Map.class);
    assertThat(((Map<?, ?>) values.get("prometheus")).get("url")).isEqualTo(operatorDefault);
    assertThat(readme()).contains(operatorDefault);
  }
}
