package io.appstack.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checked-in CRD's OpenAPI schema as the API server would apply it: types, required fields,
 * enums, bounds and patterns (through a JSON Schema validator), plus unknown fields, which the API
 * server rejects under strict field validation.
 */
public final class CrdSchema {
  public static final Path CRD = Path.of("crds/appstacks.appstack.io-v1.yml");
  /** Every object has these; the CRD schema lists only spec and status. */
  private static final java.util.Set<String> ROOT_FIELDS = java.util.Set.of("apiVersion", "kind", "metadata");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode openApiSchema;
  private final JsonSchema validator;

  private CrdSchema(JsonNode openApiSchema) {
    this.openApiSchema = openApiSchema;
    this.validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(withoutExtensions(
        openApiSchema.deepCopy()));
  }

  public static CrdSchema load() {
    try {
      JsonNode crd = YAML.readTree(Files.readString(CRD));
      return new CrdSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode openApiSchema() {
    return openApiSchema;
  }

  /** Every schema violation of {@code object} (a whole AppStack), as messages; empty when valid. */
  public List<String> violations(JsonNode object) {
    List<String> errors = new ArrayList<>();
    validator.validate(object).forEach(m -> errors.add(m.getMessage()));
    unknownFields(openApiSchema, object, "", errors);
    return errors;
  }

  public List<String> violations(String yaml) {
    try {
      return violations(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void unknownFields(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        return;
      }
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (properties != null && properties.has(field.getKey())) {
          unknownFields(properties.get(field.getKey()), field.getValue(), child, errors);
        } else if (additional != null && additional.isObject()) {
          unknownFields(additional, field.getValue(), child, errors);
        } else if (properties != null && !(path.isEmpty() && ROOT_FIELDS.contains(field.getKey()))) {
          errors.add("unknown field \"" + child + "\"");
        }
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        unknownFields(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  /** The JSON Schema validator does not know Kubernetes' extensions; they are checked above or not needed. */
  private static JsonNode withoutExtensions(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> drop = new ArrayList<>();
      object.fieldNames().forEachRemaining(name -> {
        if (name.startsWith("x-kubernetes-")) {
          drop.add(name);
        }
      });
      object.remove(drop);
      object.elements().forEachRemaining(CrdSchema::withoutExtensions);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(CrdSchema::withoutExtensions);
    }
    return node;
  }
}
