package io.appstack.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The operator's Helm chart, rendered offline with helm-java and read into the fabric8 model. */
final class Chart {
  static final Path DIR = Path.of("helm-chart/appstack-operator");
  static final String RELEASE = "appstack-operator";
  static final String NAMESPACE = "appstack-system";
  /** Object name prefix: a release name that contains the chart name is used as it is. */
  static final String FULLNAME = "appstack-operator";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Chart() {}

  /**
   * {@code helm template} with a values file made of {@code values}, whose keys are dotted paths
   * ({@code metrics.serviceMonitor.enabled}) and whose values are YAML-able (lists for arrays).
   */
  static Rendered render(Map<String, Object> values) {
    return render(RELEASE, values);
  }

  /** As {@link #render(Map)}, for another release name. */
  static Rendered render(String release, Map<String, Object> values) {
    return new Rendered(parse(template(release, values).call()));
  }

  static TemplateCommand template(Map<String, Object> values) {
    return template(RELEASE, values);
  }

  static TemplateCommand template(String release, Map<String, Object> values) {
    TemplateCommand command = new Helm(DIR).template().withName(release).withNamespace(NAMESPACE);
    if (!values.isEmpty()) {
      command.withValuesFile(valuesFile(values));
    }
    return command;
  }

  @SuppressWarnings("unchecked")
  private static Path valuesFile(Map<String, Object> values) {
    Map<String, Object> tree = new LinkedHashMap<>();
    values.forEach((path, value) -> {
      String[] keys = path.split("\\.");
      Map<String, Object> node = tree;
      for (int i = 0; i < keys.length - 1; i++) {
        node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
      }
      node.put(keys[keys.length - 1], value);
    });
    try {
      Path file = Files.createTempFile(Path.of("target"), "values-", ".yaml");
      YAML.writeValue(file.toFile(), tree);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      String yaml = document.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
      if (!yaml.isBlank()) {
        Object object = Serialization.unmarshal(yaml);
        if (!(object instanceof HasMetadata resource)) {
          throw new AssertionError("not a Kubernetes object: " + yaml);
        }
        objects.add(resource);
      }
    }
    return objects;
  }

  record Rendered(List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
      return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
          + " in " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }
  }
}
