package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appstack.operator.testing.CelRules;
import io.appstack.operator.testing.CelRules.Failure;
import io.appstack.operator.testing.CelRules.Rule;
import io.appstack.operator.testing.CrdSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule of the CRD, evaluated with cel-tools after the schema's defaults are applied: every
 * sample passes them all, and each invalid fixture under {@code src/test/resources/cel/invalid} breaks
 * exactly the rule its {@code # expect:} line names. Together the fixtures break every rule.
 */
class CelRulesTest {
  static final Path INVALID = Path.of("src/test/resources/cel/invalid");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CelRules RULES = CelRules.load();

  static Stream<Path> samples() throws IOException {
    return SamplesTest.samples();
  }

  static Stream<Path> invalidFixtures() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void everyRuleCompiles() {
    List<Rule> rules = RULES.rules();

    assertThat(rules).hasSizeGreaterThanOrEqualTo(13);
    for (Rule rule : rules) {
      assertThat(rule.message()).as("rule %s has a message", rule).isNotBlank();
      try {
        RULES.compile(rule);
      } catch (Exception e) {
        throw new AssertionError("cel-tools cannot compile " + rule + ": " + e.getMessage(), e);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleSatisfiesEveryRuleOnCreateAndUpdate(Path sample) throws IOException {
    JsonNode object = YAML.readTree(sample.toFile());

    assertThat(RULES.validateCreate(object)).isEmpty();
    assertThat(RULES.validateUpdate(object, object)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalidFixtures")
  void invalidFixtureBreaksExactlyItsRule(Path fixture) throws IOException {
    List<JsonNode> documents = documents(fixture);
    String expected = expectation(fixture);
    for (JsonNode document : documents) {
      assertThat(CrdSchema.load().violations(document)).as("the schema alone accepts %s", fixture).isEmpty();
    }

    List<Failure> failures = failures(documents);

    assertThat(failures).as("%s breaks a rule", fixture).isNotEmpty();
    assertThat(failures).extracting(f -> f.rule().message()).containsOnly(expected);
    assertThat(failures).allSatisfy(f -> assertThat(f.detail()).as("evaluated, not errored").isNull());
  }

  @Test
  void theInvalidFixturesBreakEveryRule() throws IOException {
    Set<Rule> broken = new HashSet<>();
    for (Path fixture : invalidFixtures().toList()) {
      failures(documents(fixture)).forEach(f -> broken.add(f.rule()));
    }

    assertThat(broken).containsAll(RULES.rules());
  }

  @Test
  void transitionRulesRunOnlyOnUpdate() throws IOException {
    JsonNode six = spec("{api: {image: a}, redis: {mode: Cluster, shards: 6}}");
    JsonNode three = spec("{api: {image: a}, redis: {mode: Cluster, shards: 3}}");
    JsonNode none = spec("{api: {image: a}, redis: {mode: Cluster}}");

    assertThat(RULES.validateCreate(three)).isEmpty();
    assertThat(RULES.validateUpdate(three, six)).isEmpty();
    assertThat(RULES.validateUpdate(six, three)).isNotEmpty();
    // No old value at that place: the rule is not evaluated.
    assertThat(RULES.validateUpdate(none, three)).isEmpty();
  }

  @Test
  void defaultsApplyOnlyInsideObjectsThatExist() throws IOException {
    JsonNode defaulted = RULES.withDefaults(spec("{api: {image: a, scaling: {}}, workers: [{name: e, image: b, queue: q}]}"));

    assertThat(defaulted.at("/spec/phase").asText()).isEqualTo("Auto");
    assertThat(defaulted.at("/spec/api/port").asInt()).isEqualTo(8080);
    assertThat(defaulted.at("/spec/api/scaling/upFor").asText()).isEqualTo("1m");
    assertThat(defaulted.at("/spec/api/scaling/cpuTargetPercent").asInt()).isEqualTo(70);
    assertThat(defaulted.at("/spec/workers/0/terminationGracePeriodSeconds").asInt()).isEqualTo(300);
    assertThat(defaulted.at("/spec/workers/0").has("healthPath")).as("workers have no probe by default").isFalse();
    // Objects without a default of their own are not created, so nothing inside them is defaulted.
    assertThat(defaulted.at("/spec/api/scaling").has("queries")).isFalse();
    assertThat(defaulted.at("/spec").has("database")).isFalse();
    assertThat(defaulted.at("/spec").has("limits")).isFalse();
  }

  @Test
  void defaultsTakePartInTheRules() throws IOException {
    // apiMinReplicas alone: apiMaxReplicas is defaulted to 20, so 20 passes and 21 fails.
    assertThat(RULES.validateCreate(spec("{api: {image: a}, limits: {apiMinReplicas: 20}}"))).isEmpty();
    assertThat(RULES.validateCreate(spec("{api: {image: a}, limits: {apiMinReplicas: 21}}")))
        .extracting(f -> f.rule().message())
        .containsExactly("limits.apiMinReplicas must be less than or equal to limits.apiMaxReplicas");
  }

  private static List<Failure> failures(List<JsonNode> documents) {
    return documents.size() == 1 ? RULES.validateCreate(documents.get(0))
        : RULES.validateUpdate(documents.get(0), documents.get(1));
  }

  private static JsonNode spec(String spec) throws IOException {
    return YAML.readTree("apiVersion: appstack.io/v1alpha1\nkind: AppStack\nmetadata: {name: s}\nspec: " + spec);
  }

  /** One document (create), or two (update: stored, then new). */
  static List<JsonNode> documents(Path fixture) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(fixture.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    assertThat(documents).hasSizeBetween(1, 2);
    return documents;
  }

  static String expectation(Path fixture) throws IOException {
    return Files.readAllLines(fixture).stream().filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length())).findFirst()
        .orElseThrow(() -> new AssertionError(fixture + " has no '# expect: <message>' line"));
  }
}
