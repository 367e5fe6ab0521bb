package io.appstack.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer store of the operator's children: each object kept as deflated JSON ({@link PackedObjects}) and
 * read back when asked for. At a thousand stacks the caches hold some twenty thousand children; as objects they
 * were most of the heap, as bytes they are a few KiB a stack, because the same child of every stack is nearly the
 * same text. A reconcile reads a stack's children several times within milliseconds (the workflow, its conditions,
 * the status), so the last {@value #RECENT} objects read stay decoded; like any informer cache's, they are shared
 * and must not be changed.
 *
 * <p>Of the managed field sets only those written by server-side apply are kept: JOSDK's matcher reads the
 * operator's own, and controllers record theirs with {@code Update}.
 *
 * <p>A store must belong to one informer: fabric8's informer drops from its store whatever its own list did not
 * return, and JOSDK gives an event source's informers (one per watched namespace) the same store, so with two
 * namespaces each one's list would drop the other's objects. {@link #forNamespaces} says when a store can be used;
 * every child's event source asks it ({@code AppliedDependent}, the credentials informer).
 */
public class CompactItemStore<R extends HasMetadata> implements ItemStore<R> {
  static final int RECENT = 16;
  private final ConcurrentHashMap<String, PackedObjects.Packed> store = new ConcurrentHashMap<>();
  private final PackedObjects packer = new PackedObjects();
  private final Map<String, Decoded<R>> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Decoded<R>> eldest) {
      return size() > RECENT;
    }
  };
  /** The operator's client's serialisation: what it read, the store reads back, with the same (de)serialisers. */
  private final KubernetesSerialization serialization;
  private volatile Class<R> type;

  public CompactItemStore(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  private record Decoded<R>(PackedObjects.Packed packed, R object) {}

  /**
   * A new store for an event source watching {@code namespaces}, or null (fabric8's own store, an informer's
   * objects as read) when JOSDK would give one store to several informers: more than one namespace, each watched
   * on its own.
   */
  public static <R extends HasMetadata> CompactItemStore<R> forNamespaces(Set<String> namespaces,
      KubernetesSerialization serialization) {
    return InformerConfiguration.allNamespacesWatched(namespaces) || namespaces.size() == 1
        ? new CompactItemStore<>(serialization) : null;
  }

  @Override
  public String getKey(R object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  @SuppressWarnings("unchecked")
  public R put(String key, R object) {
    if (type == null) {
      type = (Class<R>) object.getClass();
    }
    return previous(key, store.put(key, packer.pack(encode(serialization, object))));
  }

  @Override
  public R remove(String key) {
    R removed = previous(key, store.remove(key));
    synchronized (recent) {
      recent.remove(key);
    }
    return removed;
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet().stream();
  }

  @Override
  public Stream<R> values() {
    return store.entrySet().stream().map(e -> previous(e.getKey(), e.getValue()));
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return read(key, store.get(key));
  }

  /** The packed bytes held (the dictionary aside), for {@code bench/cache-footprint.sh}. */
  public long packedBytes() {
    return store.values().stream().mapToLong(p -> p.bytes().length).sum();
  }

  /** The object {@code packed} holds: decoded unless it is one of the last read (the same packing, not only key). */
  private R read(String key, PackedObjects.Packed packed) {
    R kept = kept(key, packed);
    if (kept != null || packed == null) {
      return kept;
    }
    R object = decode(packed);
    synchronized (recent) {
      recent.put(key, new Decoded<>(packed, object));
    }
    return object;
  }

  /**
   * The same, not kept: what a put or remove replaced, and whole-store listings (a relist), which a reconcile does
   * not read again and which would push out the objects it does.
   */
  private R previous(String key, PackedObjects.Packed packed) {
    R kept = kept(key, packed);
    return kept != null || packed == null ? kept : decode(packed);
  }

  private R kept(String key, PackedObjects.Packed packed) {
    if (packed == null) {
      return null;
    }
    synchronized (recent) {
      Decoded<R> hit = recent.get(key);
      return hit != null && hit.packed() == packed ? hit.object() : null;
    }
  }

  private R decode(PackedObjects.Packed packed) {
    return SharedManagedFields.unshared(
        () -> serialization.unmarshal(new ByteArrayInputStream(packer.unpack(packed)), type));
  }

  private static byte[] encode(KubernetesSerialization serialization, HasMetadata object) {
    List<ManagedFieldsEntry> fields = object.getMetadata().getManagedFields();
    List<ManagedFieldsEntry> applied = fields == null ? null
        : fields.stream().filter(e -> "Apply".equals(e.getOperation())).toList();
    // The object is the informer's own, read for this store: no one else holds it while it is written.
    object.getMetadata().setManagedFields(applied);
    try {
      return serialization.asJson(object).getBytes(StandardCharsets.UTF_8);
    } finally {
      object.getMetadata().setManagedFields(fields);
    }
  }
}
