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
 * trees of small maps, most of the heap at scale: 1,000 stacks held ~350 MiB, of which some 250 MiB were these
 * maps. They name fields, not values, so the same child of every stack has the same ones: read once, shared.
 *
 * <p>A shared field set must never be changed; nothing in the operator or JOSDK writes one (they are read, or
 * copied through serialisation). The table is bounded: past {@value #MAX} distinct sets it starts again.
 */
public final class SharedManagedFields {
  static final int MAX = 20_000;
  private static final Map<Map<String, Object>, FieldsV1> SHARED = new ConcurrentHashMap<>();
  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

  private SharedManagedFields() {}

  /** The Jackson module the operator's client reads with (a mix-in, as the model class names no reader). */
  public static Module module() {
    SimpleModule module = new SimpleModule("appstack-shared-managed-fields");
    module.setMixInAnnotation(FieldsV1.class, SharedMixIn.class);
    return module;
  }

  /** The shared field set equal to {@code fields}. */
  static FieldsV1 shared(Map<String, Object> fields) {
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
