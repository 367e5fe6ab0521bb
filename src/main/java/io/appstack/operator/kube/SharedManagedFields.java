package io.appstack.operator.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.FieldsV1;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each distinct field set ({@code metadata.managedFields[].fieldsV1}) among the objects the client
 * reads. Server-side apply keeps every manager's field set in every object, and the informer caches must keep
 * them (JOSDK's SSA matcher compares only the fields the operator's manager owns). Read as they come, they are
 * trees of small maps (every leaf an empty one), a large share of the heap at scale. They name fields, not
 * values, so the same child of every stack has nearly the same ones; what differs is small (an owner reference is
 * keyed by the owner's uid). So every subtree is read once and shared: equal subtrees are one map.
 *
 * <p>A shared field set must never be changed; nothing in the operator or JOSDK writes one (they are read, or
 * copied through serialisation). The tables are bounded: past {@value #MAX} entries they start again.
 */
public final class SharedManagedFields {
  static final int MAX = 200_000;
  private static final Map<Map<String, Object>, FieldsV1> SHARED = new ConcurrentHashMap<>();
  private static final Map<Object, Object> NODES = new ConcurrentHashMap<>();
  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

  private SharedManagedFields() {}

  /** The Jackson module the operator's client reads with (a mix-in, as the model class names no reader). */
  public static Module module() {
    SimpleModule module = new SimpleModule("appstack-shared-managed-fields");
    module.setMixInAnnotation(FieldsV1.class, SharedMixIn.class);
    return module;
  }

  /** The shared field set equal to {@code fields}. */
  static FieldsV1 shared(Map<String, Object> read) {
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) canonical(read);
    FieldsV1 existing = SHARED.get(fields);
    if (existing != null) {
      return existing;
    }
    if (SHARED.size() >= MAX) {
      SHARED.clear();
    }
    FieldsV1 created = new FieldsV1();
    created.setAdditionalProperties(fields);
    FieldsV1 raced = SHARED.putIfAbsent(fields, created);
    return raced != null ? raced : created;
  }

  /** The shared instance equal to {@code node}, its children shared first (maps, lists and strings). */
  static Object canonical(Object node) {
    Object value = node;
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> children = new LinkedHashMap<>(map.size());
      map.forEach((k, v) -> children.put((String) canonical(k), canonical(v)));
      value = children;
    } else if (node instanceof java.util.List<?> list) {
      value = list.stream().map(SharedManagedFields::canonical).toList();
    } else if (!(node instanceof String)) {
      return node;
    }
    Object existing = NODES.get(value);
    if (existing != null) {
      return existing;
    }
    if (NODES.size() >= MAX) {
      NODES.clear();
    }
    Object raced = NODES.putIfAbsent(value, value);
    return raced != null ? raced : value;
  }

  static int size() {
    return SHARED.size();
  }

  @JsonDeserialize(using = Reader.class)
  abstract static class SharedMixIn {
  }

  static final class Reader extends JsonDeserializer<FieldsV1> {
    @Override
    public FieldsV1 deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return shared(context.readValue(parser, context.getTypeFactory().constructType(TREE)));
    }
  }
}
