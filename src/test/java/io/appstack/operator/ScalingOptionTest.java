package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.scaling.config.ScalingOption;
import io.appstack.operator.scaling.config.StackPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One table of scaling defaults ({@link ScalingOption}) and three things that follow it: the engine's defaults,
 * the CRD's defaults (generated from the API records' annotations) and the README's table. A default changed in
 * one place only fails here.
 */
class ScalingOptionTest {
  static final Path CRD = Path.of("crds/appstacks.appstack.io-v1.yml");

  static JsonNode specSchema() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CRD.toFile());
    return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }

  /** The schema of a field under spec, e.g. {@code workers[].scaling.upFor}. */
  static JsonNode field(JsonNode spec, String path) {
    JsonNode node = spec;
    for (String part : path.split("\\.")) {
      boolean list = part.endsWith("[]");
      node = node.path("properties").path(list ? part.substring(0, part.length() - 2) : part);
      if (list) {
        node = node.path("items");
      }
    }
    return node;
  }

  @ParameterizedTest
  @EnumSource(ScalingOption.class)
  void theCrdDefaultIsTheTables(ScalingOption option) throws IOException {
    JsonNode schema = field(specSchema(), option.path());
    assertThat(schema.isMissingNode()).as(option.path() + " is a field of the CRD").isFalse();
    JsonNode value = schema.path("default");
    assertThat(value.isMissingNode()).as(option.path() + " has a default in the CRD").isFalse();
    if (value.isNumber()) {
      assertThat(value.asDouble()).as(option.path()).isEqualTo(Double.parseDouble(option.defaultValue()));
    } else {
      assertThat(value.asText()).as(option.path()).isEqualTo(option.defaultValue());
    }
  }

  @Test
  void aSpecThatSetsNothingGivesTheEnginesDefaults() {
    AppStackSpec spec = new AppStackSpec(null, null, ApiSpec.of("ghcr.io/acme/api:1"),
        List.of(WorkerSpec.of("emails", "ghcr.io/acme/worker:1", "emails")), null, null, null, null, null, null, null);
    assertThat(SpecPolicies.from(spec)).isEqualTo(StackPolicy.defaults("emails"));
  }

  @Test
  void theReadmeTableIsTheTable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("<!-- scaling-options:start -->");
    int end = readme.indexOf("<!-- scaling-options:end -->");
    assertThat(start).as("README has the scaling options table").isPositive();
    String expected = "<!-- scaling-options:start -->\n| field under `spec` | default | what |\n|---|---|---|\n"
        + java.util.Arrays.stream(ScalingOption.values())
            .map(o -> "| `" + o.path() + "` | `" + o.defaultValue() + "` | " + o.description() + " |\n")
            .collect(Collectors.joining());
    assertThat(readme.substring(start, end)).isEqualTo(expected);
  }
}
