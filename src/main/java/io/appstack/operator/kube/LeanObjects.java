package io.appstack.operator.kube;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A cached child made smaller without changing anything the operator reads from it. The fabric8 model gives every
 * object an empty list or map for each collection field it did not read (a Deployment carries hundreds), and the
 * API server gives every object the field sets of every manager that wrote it. At a thousand stacks the informer
 * caches hold some twenty thousand children, and these empties and others' field sets are a large share of the
 * heap. So, in each cached object:
 *
 * <ul>
 *   <li>every empty list or map is the one shared immutable empty, and every other one an unmodifiable copy the
 *       size of its contents, in the same order ({@link List#copyOf}, {@link FrozenMap}): nothing changes a cached
 *       object (a change would be a change to the cache that the next event overwrites; now it fails loudly);
 *   <li>of the managed field sets only those written by server-side apply stay: JOSDK's matcher reads the
 *       operator's own, and the operator never reads another manager's (controllers record theirs with
 *       {@code Update});
 *   <li>every string is the JVM's one instance of its text ({@link String#intern}): the same child of every stack
 *       repeats images, label values, ports, paths, quantities and keys; what is unique (names, uids) costs a
 *       string table entry while it is cached, and the JVM drops entries nothing refers to any more.
 * </ul>
 *
 * <p>{@code bench/cache-footprint.sh} measures it: the children of 1,000 stacks took 159 MiB as read,
 * 67 MiB lean.
 */
public final class LeanObjects {
  private static final String MODEL = "io.fabric8.kubernetes.api.model";
  private static final ClassValue<List<Field>> COLLECTIONS_AND_MODELS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      List<Field> fields = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())
              && !f.getType().isPrimitive() && trySetAccessible(f)) {
            fields.add(f);
          }
        }
      }
      return List.copyOf(fields);
    }
  };

  private LeanObjects() {}

  /** {@code object} itself, made lean in place (it must not be shared with anything that changes it). */
  public static <R extends HasMetadata> R lean(R object) {
    if (object.getMetadata() != null && object.getMetadata().getManagedFields() != null) {
      List<ManagedFieldsEntry> applied = object.getMetadata().getManagedFields().stream()
          .filter(e -> "Apply".equals(e.getOperation())).toList();
      object.getMetadata().setManagedFields(applied);
    }
    walk(object);
    return object;
  }

  private static void walk(Object node) {
    if (node == null || node instanceof FieldsV1 || !isModel(node.getClass())) {
      return; // field sets are shared between objects (SharedManagedFields) and hold no model objects
    }
    for (Field f : COLLECTIONS_AND_MODELS.get(node.getClass())) {
      try {
        Object value = f.get(node);
        if (value instanceof String text) {
          f.set(node, text.intern());
        } else if (value instanceof List<?> list) {
          if (list.isEmpty()) {
            f.set(node, Collections.emptyList());
          } else {
            list.forEach(LeanObjects::walkValue);
            if (list instanceof ArrayList<?> read && !read.contains(null)) { // as read; not one made lean before
              @SuppressWarnings("unchecked")
              List<Object> items = (List<Object>) read;
              items.replaceAll(v -> v instanceof String t ? t.intern() : v);
              f.set(node, List.copyOf(items));
            }
          }
        } else if (value instanceof Map<?, ?> map) {
          if (map.isEmpty()) {
            f.set(node, Collections.emptyMap());
          } else if (map instanceof FrozenMap<?, ?>) {
            map.forEach((k, v) -> walkValue(v)); // made lean before
          } else {
            @SuppressWarnings("unchecked")
            Map<Object, Object> values = (Map<Object, Object>) map;
            values.replaceAll((k, v) -> v instanceof String t ? t.intern() : v);
            map.forEach((k, v) -> walkValue(v)); // not values(): a map keeps the view it returns
            f.set(node, FrozenMap.of(values));
          }
        } else if (value != null) {
          walk(value);
        }
      } catch (IllegalAccessException | IllegalArgumentException e) {
        // A field this walk cannot set is left as read.
      }
    }
  }

  private static void walkValue(Object value) {
    if (value instanceof List<?> list) {
      list.forEach(LeanObjects::walkValue);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walkValue(v)); // not values(): a map keeps the view it returns
    } else {
      walk(value);
    }
  }

  private static boolean isModel(Class<?> type) {
    return type.getName().startsWith(MODEL) || type.getName().startsWith("io.appstack.operator.");
  }

  private static boolean trySetAccessible(Field f) {
    try {
      return f.trySetAccessible();
    } catch (InaccessibleObjectException | SecurityException e) {
      return false;
    }
  }
}
