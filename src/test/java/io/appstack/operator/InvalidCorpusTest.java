package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.reconcile.SpecValidator;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.testing.CelRules;
import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every file under {@code src/test/resources/invalid/} names the error it must
 * produce and the first line of defence that must produce it. What the schema can reject, the schema
 * rejects; CEL rules catch cross-field mistakes; only what needs the cluster reaches the operator, which
 * stalls naming the field (and changes nothing: see {@code AppStackReconcilerTest}).
 */
class InvalidCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/invalid");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Case(Path file, String expect, String rejectedBy, String yaml) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static Stream<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(file);
        cases.add(new Case(file, header(yaml, "expect"), header(yaml, "rejected-by"), yaml));
      }
    }
    return cases.stream();
  }

  static String header(String yaml, String key) {
    return yaml.lines().filter(l -> l.startsWith("# " + key + ": ")).findFirst()
        .map(l -> l.substring(("# " + key + ": ").length()).trim())
        .orElseThrow(() -> new IllegalStateException("missing '# " + key + ":' line"));
  }

  @Test
  void theCorpusIsLargeAndCoversEveryLine() throws IOException {
    List<Case> cases = corpus().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases).extracting(Case::rejectedBy).contains("schema", "cel", "operator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void rejectedByItsLineOfDefenceWithItsMessage(Case c) throws IOException {
    List<String> schema = CrdSchema.load().violations(c.yaml());
    if (c.rejectedBy().equals("schema")) {
      assertThat(schema).anySatisfy(m -> assertThat(m).contains(c.expect()));
      return;
    }
    assertThat(schema).as("passes the schema").isEmpty();

    List<String> cel = CelRules.load().validateCreate(YAML.readTree(c.yaml())).stream()
        .map(Object::toString).toList();
    if (c.rejectedBy().equals("cel")) {
      assertThat(cel).anySatisfy(m -> assertThat(m).contains(c.expect()));
      return;
    }
    assertThat(cel).as("passes the CEL rules").isEmpty();

    assertThat(c.rejectedBy()).isEqualTo("operator");
    AppStack stack = io.appstack.operator.testing.LenientYaml.read(c.yaml(), AppStack.class);
    stack.getMetadata().setNamespace("ns");
    List<String> problems = new ArrayList<>(new SpecValidator(name -> null, io.appstack.operator.metrics.PrometheusAccess.anyUrl(java.net.URI.create("http://prometheus.monitoring:9090"))).validate(stack).stream()
        .map(SpecProblem::toString).toList());
    if (problems.isEmpty()) {
      try {
        SpecPolicies.from(stack.getSpec());
      } catch (IllegalArgumentException e) {
        problems.add("spec: " + e.getMessage());
      }
    }
    assertThat(problems).anySatisfy(m -> assertThat(m).contains(c.expect()));
  }
}
