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
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * One instance of each distinct field set ({@code metadata.managedFields[].fieldsV1}) among the objects the client
 * reads. Server-side apply keeps every manager's field set in every object; the primary cache keeps each AppStack
 * whole (the children's caches keep them packed, {@link CompactItemStore}), and an AppStack's status field set, the
 * operator's, is a tree of a few hundred small maps (every leaf an empty one). They name fields, not values, so
 * every stack has nearly the same ones; what differs is small (an owner reference is keyed by the owner's uid). So
 * every subtree is read once and shared: equal subtrees are one map (at 1,000 stacks, without it, the AppStacks'
 * field sets alone held some 280,000 maps).
 *
 * <p>A shared field set must never be changed; nothing in the operator or JOSDK writes one (they are read, or
 * copied through serialisation). The tables hold their entries weakly: a field set no cached object has any more (a
 * child's, once its store has packed it; a deleted stack's) goes with the next collection.
 */
public final class SharedManagedFields {
  private static final Map<Map<String, Object>, WeakReference<FieldsV1>> SHARED = new WeakHashMap<>();
  private static final Map<Object, WeakReference<Object>> NODES = new WeakHashMap<>();
  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};
  private static final ThreadLocal<Boolean> UNSHARED = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private SharedManagedFields() {}

  /** The Jackson module the operator's client reads with (a mix-in, as the model class names no reader). */
  public static Module module() {
    SimpleModule module = new SimpleModule("appstack-shared-managed-fields");
    module.setMixInAnnotation(FieldsV1.class, SharedMixIn.class);
    return module;
  }

  /**
   * What {@code read} reads on this thread, its field sets as read: a child decoded from its packed cache lives for
   * one reconcile, and looking up every subtree of its field sets (hashing each level again) cost more CPU than any
   * object it read.
   */
  static <T> T unshared(Supplier<T> read) {
    Boolean before = UNSHARED.get();
    UNSHARED.set(Boolean.TRUE);
    try {
      return read.get();
    } finally {
      UNSHARED.set(before);
    }
  }

  /** The shared field set equal to {@code fields}. */
  static FieldsV1 shared(Map<String, Object> read) {
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) canonical(read);
    synchronized (SHARED) {
      WeakReference<FieldsV1> existing = SHARED.get(fields);
      FieldsV1 shared = existing == null ? null : existing.get();
      if (shared == null) {
        shared = new FieldsV1();
        shared.setAdditionalProperties(fields);
        SHARED.put(fields, new WeakReference<>(shared));
      }
      return shared;
    }
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
    synchronized (NODES) {
      WeakReference<Object> existing = NODES.get(value);
      Object shared = existing == null ? null : existing.get();
      if (shared == null) {
        shared = value;
        NODES.put(value, new WeakReference<>(value));
      }
      return shared;
    }
  }

  static int size() {
    synchronized (SHARED) {
      return SHARED.size();
    }
  }

  @JsonDeserialize(using = Reader.class)
  abstract static class SharedMixIn {
  }

  static final class Reader extends JsonDeserializer<FieldsV1> {
    @Override
    public FieldsV1 deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Map<String, Object> read = context.readValue(parser, context.getTypeFactory().constructType(TREE));
      if (UNSHARED.get()) {
        FieldsV1 fields = new FieldsV1();
        fields.setAdditionalProperties(read);
        return fields;
      }
      return shared(read);
    }
  }
}
