package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD as a real API server reads it: the checked-in CRD is accepted and served, every sample is
 * accepted, and every corpus case whose first line of defence is the schema or a CEL rule is refused by the
 * API server itself with the message it names ({@code # server-says:}). Objects are sent as kubectl sends
 * them, with strict field validation, so an unknown field is an error rather than silently pruned.
 */
@Tag(ControlPlaneTests.TAG)
class ApiServerValidationTest {
  static final Path CORPUS = Path.of("src/test/resources/invalid");
  static KubernetesClient client;
  static String ns;

  @BeforeAll
  static void start() {
    ControlPlane cluster = ControlPlaneTests.withCrd();
    client = cluster.client("validation-test");
    ns = cluster.namespace("validation");
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theCheckedInCrdIsEstablishedWithItsPrinterColumnsAndShortNames() {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
        .withName("appstacks.appstack.io").get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"))
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("NamesAccepted=True"));
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).isNotEmpty();
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName() + " " + c.getJsonPath())
        .contains("Ready .status.conditions[?(@.type==\"Ready\")].status",
            "Status .status.conditions[?(@.type==\"Ready\")].reason");
    // The API server accepted the schema as structural (it refuses a CRD that is not, or that has a CEL
    // rule it cannot compile, or one whose estimated cost is over budget).
    assertThat(crd.getStatus().getConditions()).noneSatisfy(
        c -> assertThat(c.getType()).isEqualTo("NonStructuralSchema"));
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("samples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySampleIsAccepted(Path sample) throws IOException {
    GenericKubernetesResource stack = read(Files.readString(sample));
    stack.getMetadata().setName(sample.getFileName().toString().replace(".yaml", ""));
    GenericKubernetesResource created = stacks().resource(stack).fieldValidation(Validation.STRICT).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(ControlPlaneTests.contains(created.getAdditionalProperties().get("spec"),
        stack.getAdditionalProperties().get("spec")))
        .as("the server keeps every field the sample sets (none pruned)").isTrue();
  }

  record Case(Path file, String rejectedBy, List<String> serverSays, String yaml) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static Stream<Case> schemaAndCelCases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(file);
        String rejectedBy = header(yaml, "rejected-by").get(0);
        if (rejectedBy.equals("schema") || rejectedBy.equals("cel")) {
          cases.add(new Case(file, rejectedBy, header(yaml, "server-says"), yaml));
        }
      }
    }
    return cases.stream();
  }

  @Test
  void theCorpusHasSchemaAndCelCasesForTheServer() throws IOException {
    assertThat(schemaAndCelCases().map(Case::rejectedBy)).contains("schema", "cel").hasSizeGreaterThan(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaAndCelCases")
  void refusedByTheApiServerWithItsMessage(Case c) {
    assertThat(c.serverSays()).as("the case names what the API server says (# server-says:)").isNotEmpty();
    GenericKubernetesResource stack = read(c.yaml());
    assertThatThrownBy(() -> stacks().resource(stack).fieldValidation(Validation.STRICT).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).as(e.getMessage()).isIn(400, 422);
          for (String expected : c.serverSays()) {
            assertThat(e.getMessage()).contains(expected);
          }
        });
    assertThat(stacks().withName(stack.getMetadata().getName()).get()).as("nothing was stored").isNull();
  }

  /** The corpus's updates (two documents: stored, then new) that a transition rule refuses. */
  static Stream<Path> transitionCases() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/cel/invalid"))) {
      List<Path> cases = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        if (Files.readString(file).contains("\n---\n")) {
          cases.add(file);
        }
      }
      assertThat(cases).hasSizeGreaterThanOrEqualTo(2);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitionCases")
  void anUpdateBreakingATransitionRuleIsRefusedAndTheStoredObjectKept(Path fixture) throws IOException {
    String yaml = Files.readString(fixture);
    String[] documents = yaml.split("\n---\n");
    String name = "t-" + fixture.getFileName().toString().replace(".yaml", "");
    GenericKubernetesResource stored = read(documents[0]);
    stored.getMetadata().setName(name);
    GenericKubernetesResource created = stacks().resource(stored).fieldValidation(Validation.STRICT).create();
    GenericKubernetesResource next = read(documents[1]);
    next.getMetadata().setName(name);
    next.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    List<String> expected = header(yaml, "expect");
    assertThat(expected).isNotEmpty();
    assertThatThrownBy(() -> stacks().resource(next).fieldValidation(Validation.STRICT).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
          expected.forEach(m -> assertThat(e.getMessage()).contains(m));
        });
    assertThat(stacks().withName(name).get().getMetadata().getResourceVersion())
        .as("the stored object is unchanged").isEqualTo(created.getMetadata().getResourceVersion());
    stacks().withName(name).delete();
  }

  static List<String> header(String yaml, String key) {
    String prefix = "# " + key + ": ";
    return yaml.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).toList();
  }

  static GenericKubernetesResource read(String yaml) {
    GenericKubernetesResource resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    resource.getMetadata().setNamespace(ns);
    return resource;
  }

  static io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> stacksIn() {
    return client.genericKubernetesResources("appstack.io/v1alpha1", "AppStack");
  }

  static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> stacks() {
    return stacksIn().inNamespace(ns);
  }
}
