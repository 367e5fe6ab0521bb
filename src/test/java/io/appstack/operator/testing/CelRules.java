package io.appstack.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.projectnessie.cel.checker.Decls;
import org.projectnessie.cel.tools.Script;
import org.projectnessie.cel.tools.ScriptCreateException;
import org.projectnessie.cel.tools.ScriptException;
import org.projectnessie.cel.tools.ScriptHost;

/**
 * The CRD's {@code x-kubernetes-validations} rules, evaluated the way the API server does on create and
 * update, with cel-tools ({@code org.projectnessie.cel}):
 *
 * <ul>
 *   <li>first the schema's {@code default}s are applied ({@link #withDefaults}): a missing property with a
 *       default gets it, only inside objects that exist, and defaults inside a defaulted value apply too;
 *   <li>then every rule is evaluated at every node of the object its schema node describes, with
 *       {@code self} the node's value: each property, each array item, each additionalProperties value;
 *   <li>transition rules (those that use {@code oldSelf}) are evaluated only on update and only where the
 *       old object has a value at the same place, as the API server does.
 * </ul>
 *
 * <p>Values reach CEL as the API server gives them: objects as maps, arrays as lists, {@code integer} as
 * int (Java long), {@code number} as double. {@code self} and {@code oldSelf} are declared {@code dyn}, so
 * type errors the API server would report when the CRD is created show up here only when evaluated.
 */
public final class CelRules {
  /** A rule of the CRD: where it is (a JSON-path-like schema location), its expression and message. */
  public record Rule(String location, String expression, String message) {
    public boolean isTransition() {
      return expression.contains("oldSelf");
    }
  }

  /** A rule that did not hold at {@code path} of the object (or could not be evaluated). */
  public record Failure(Rule rule, String path, String detail) {
    @Override
    public String toString() {
      return path + ": " + rule.message() + (detail == null ? "" : " (" + detail + ")");
    }
  }

  private final JsonNode schema;
  private final ScriptHost host = ScriptHost.newBuilder().build();
  private final Map<String, Script> scripts = new LinkedHashMap<>();

  public CelRules(JsonNode openApiSchema) {
    this.schema = openApiSchema;
  }

  /** The rules of the checked-in CRD. */
  public static CelRules load() {
    return new CelRules(CrdSchema.load().openApiSchema());
  }

  /** Every rule in the schema, in schema order (a rule listed twice appears twice). */
  public List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    collect(schema, "", rules);
    return rules;
  }

  /** Compiles a rule with cel-tools, as the API server does when the CRD is created. */
  public Script compile(Rule rule) throws ScriptCreateException {
    Script script = scripts.get(rule.expression());
    if (script == null) {
      script = host.buildScript(rule.expression())
          .withDeclarations(Decls.newVar("self", Decls.Dyn), Decls.newVar("oldSelf", Decls.Dyn))
          .build();
      scripts.put(rule.expression(), script);
    }
    return script;
  }

  /** Failures of creating {@code object} (a whole AppStack); empty when every rule holds. */
  public List<Failure> validateCreate(JsonNode object) {
    return validate(object, null);
  }

  /** Failures of updating {@code oldObject} to {@code object}, transition rules included. */
  public List<Failure> validateUpdate(JsonNode oldObject, JsonNode object) {
    return validate(object, oldObject);
  }

  private List<Failure> validate(JsonNode object, JsonNode oldObject) {
    List<Failure> failures = new ArrayList<>();
    JsonNode current = withDefaults(object);
    JsonNode old = oldObject == null ? null : withDefaults(oldObject);
    walk(schema, "", current, old, "", failures);
    return failures;
  }

  /** A copy of {@code object} with the schema's defaults applied the way the API server applies them. */
  public JsonNode withDefaults(JsonNode object) {
    JsonNode copy = object.deepCopy();
    applyDefaults(schema, copy);
    return copy;
  }

  private static void applyDefaults(JsonNode schema, JsonNode value) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      JsonNode properties = schema.get("properties");
      if (properties != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
          var property = it.next();
          JsonNode present = object.get(property.getKey());
          if ((present == null || present.isNull()) && property.getValue().has("default")) {
            object.set(property.getKey(), property.getValue().get("default").deepCopy());
          }
          applyDefaults(property.getValue(), object.get(property.getKey()));
        }
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        object.elements().forEachRemaining(v -> applyDefaults(additional, v));
      }
    } else if (value.isArray()) {
      value.elements().forEachRemaining(v -> applyDefaults(schema.get("items"), v));
    }
  }

  private void walk(JsonNode schema, String location, JsonNode value, JsonNode old, String path,
      List<Failure> failures) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      Rule rule = new Rule(location, validation.path("rule").asText(), validation.path("message").asText());
      if (rule.isTransition() && (old == null || old.isNull())) {
        continue;
      }
      evaluate(rule, schema, value, old, path, failures);
    }
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var field = it.next();
        JsonNode oldChild = old == null ? null : old.get(field.getKey());
        String childPath = path + "." + field.getKey();
        if (properties != null && properties.has(field.getKey())) {
          walk(properties.get(field.getKey()), location + "." + field.getKey(), field.getValue(), oldChild,
              childPath, failures);
        } else if (additional != null && additional.isObject()) {
          walk(additional, location + ".*", field.getValue(), oldChild, childPath, failures);
        }
      }
    } else if (value.isArray()) {
      // Items are correlated with the old list by position only for x-kubernetes-list-type map/set in the API
      // server; plain lists are not correlated, so item transition rules never run on them.
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), location + "[*]", value.get(i), null, path + "[" + i + "]", failures);
      }
    }
  }

  private void evaluate(Rule rule, JsonNode schema, JsonNode value, JsonNode old, String path,
      List<Failure> failures) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("self", toCel(schema, value));
    if (old != null && !old.isNull()) {
      variables.put("oldSelf", toCel(schema, old));
    }
    try {
      Boolean holds = compile(rule).execute(Boolean.class, variables);
      if (!Boolean.TRUE.equals(holds)) {
        failures.add(new Failure(rule, path.isEmpty() ? "<root>" : path, null));
      }
    } catch (ScriptException e) {
      failures.add(new Failure(rule, path, "cannot evaluate: " + e.getMessage()));
    }
  }

  /** A JSON value as the API server hands it to CEL, typed by its schema. */
  static Object toCel(JsonNode schema, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonNode properties = schema == null ? null : schema.get("properties");
      JsonNode additional = schema == null ? null : schema.get("additionalProperties");
      value.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(
          properties != null && properties.has(e.getKey()) ? properties.get(e.getKey())
              : additional != null && additional.isObject() ? additional : null,
          e.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode item : (ArrayNode) value) {
        list.add(toCel(schema == null ? null : schema.get("items"), item));
      }
      return list;
    }
    String type = schema == null ? "" : schema.path("type").asText("");
    if (value.isNumber()) {
      if ("integer".equals(type) || (type.isEmpty() && value.isIntegralNumber())) {
        return value.asLong();
      }
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }

  private static void collect(JsonNode schema, String location, List<Rule> rules) {
    if (schema == null) {
      return;
    }
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      rules.add(new Rule(location, validation.path("rule").asText(), validation.path("message").asText()));
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      properties.fields().forEachRemaining(e -> collect(e.getValue(), location + "." + e.getKey(), rules));
    }
    if (schema.has("items")) {
      collect(schema.get("items"), location + "[*]", rules);
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      collect(additional, location + ".*", rules);
    }
  }
}
