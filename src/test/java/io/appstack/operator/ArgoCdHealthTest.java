package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Argo CD's health check for AppStacks ({@code deploy/argocd/health.lua}), run with LuaJ against the
 * fixtures of {@code health_test.yaml}, the way Argo CD runs its own resource customisation tests.
 */
class ArgoCdHealthTest {
  static final Path DIR = Path.of("deploy/argocd");
  static final Path LUA = DIR.resolve("health.lua");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Case(String inputPath, String status, String message) {
    @Override
    public String toString() {
      return inputPath + " -> " + status;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (JsonNode test : YAML.readTree(DIR.resolve("health_test.yaml").toFile()).path("tests")) {
      cases.add(new Case(test.path("inputPath").asText(), test.at("/healthStatus/status").asText(),
          test.at("/healthStatus/message").asText()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthOfEachFixture(Case expected) throws IOException {
    JsonNode object = YAML.readTree(DIR.resolve(expected.inputPath()).toFile());

    LuaValue health = run(Files.readString(LUA), object);

    assertThat(health.istable()).isTrue();
    assertThat(health.get("status").tojstring()).isEqualTo(expected.status());
    assertThat(health.get("message").tojstring()).isEqualTo(expected.message());
  }

  @Test
  void everyOutcomeAndEveryFixtureIsCovered() throws IOException {
    List<Case> cases = cases().toList();
    Set<String> referenced = cases.stream().map(Case::inputPath).collect(Collectors.toSet());
    Set<String> fixtures;
    try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
      fixtures = files.map(p -> "testdata/" + p.getFileName()).collect(Collectors.toSet());
    }

    assertThat(cases).extracting(Case::status)
        .contains("Healthy", "Progressing", "Degraded", "Suspended");
    assertThat(referenced).isEqualTo(fixtures);
  }

  @Test
  void fixturesAreAppStacksTheApiServerWouldAccept() throws IOException {
    for (Case c : cases().toList()) {
      assertThat(CrdSchema.load().violations(YAML.readTree(DIR.resolve(c.inputPath()).toFile())))
          .as(c.inputPath()).isEmpty();
    }
  }

  @Test
  void argocdCmSnippetEmbedsExactlyTheLua() throws IOException {
    GenericKubernetesResource configMap = Serialization.unmarshal(
        Files.readString(DIR.resolve("argocd-cm-health.yaml")), GenericKubernetesResource.class);
    Map<String, String> data = configMap.get("data");

    assertThat(configMap.getKind()).isEqualTo("ConfigMap");
    assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(data).containsOnlyKeys("resource.customizations.health.appstack.io_AppStack");
    assertThat(data.get("resource.customizations.health.appstack.io_AppStack"))
        .as("deploy/argocd/argocd-cm-health.yaml is stale: run `make argocd-cm`")
        .isEqualTo(Files.readString(LUA));
  }

  @Test
  void applicationSyncsAFolderOfAppStacks() throws IOException {
    GenericKubernetesResource application = Serialization.unmarshal(
        Files.readString(DIR.resolve("application.yaml")), GenericKubernetesResource.class);

    assertThat(application.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(application.getKind()).isEqualTo("Application");
    assertThat((String) application.get("spec", "source", "path")).isNotBlank();
    assertThat((String) application.get("spec", "source", "repoURL")).isNotBlank();
    assertThat((String) application.get("spec", "destination", "namespace")).isNotBlank();
    assertThat((Boolean) application.get("spec", "syncPolicy", "automated", "selfHeal")).isTrue();
  }

  @Test
  void conversionFollowsArgoCd() {
    JsonNode node = YAML.valueToTree(Map.of("a", List.of("x", "y"), "n", 3, "b", true));
    LuaValue table = toLua(node);

    assertThat(table.get("a").get(1).tojstring()).isEqualTo("x");
    assertThat(table.get("a").get(2).tojstring()).isEqualTo("y");
    assertThat(table.get("a").length()).isEqualTo(2);
    assertThat(table.get("n").todouble()).isEqualTo(3.0);
    assertThat(table.get("b").toboolean()).isTrue();
    assertThat(table.get("missing").isnil()).isTrue();
  }

  /** Runs a health script as Argo CD does: {@code obj} is the object, the chunk returns the health table. */
  static LuaValue run(String script, JsonNode object) {
    Globals globals = new Globals();
    // The libraries Argo CD opens for resource customisations (no io, os or debug).
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(object));
    return globals.load(script, "health.lua").call();
  }

  /** Argo CD's conversion: objects to tables, arrays to 1-based tables, numbers to Lua numbers, null to nil. */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.fields().forEachRemaining(e -> table.set(e.getKey(), toLua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }
}
