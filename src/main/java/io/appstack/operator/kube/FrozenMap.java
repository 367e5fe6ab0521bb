package io.appstack.operator.kube;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map in one array, keys and values alternating, in the order of the map it was made from: what
 * a cached object's small maps (labels, selectors, a Secret's data) become ({@link LeanObjects}). A
 * {@link java.util.LinkedHashMap} of four labels takes some 300 bytes, this about 100; lookups scan, which for
 * a handful of keys is as fast as hashing. {@link Map#copyOf} would be as small but iterates in an order that
 * changes from run to run.
 */
final class FrozenMap<K, V> extends AbstractMap<K, V> {
  private final Object[] keysAndValues;

  private FrozenMap(Object[] keysAndValues) {
    this.keysAndValues = keysAndValues;
  }

  static <K, V> Map<K, V> of(Map<K, V> map) {
    Object[] array = new Object[map.size() * 2];
    int i = 0;
    for (Map.Entry<K, V> e : map.entrySet()) {
      array[i++] = e.getKey();
      array[i++] = e.getValue();
    }
    return new FrozenMap<>(array);
  }

  @Override
  public int size() {
    return keysAndValues.length / 2;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : (V) keysAndValues[i + 1];
  }

  private int indexOf(Object key) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return FrozenMap.this.size();
      }

      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keysAndValues.length;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<K, V> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            var entry = new SimpleImmutableEntry<>((K) keysAndValues[next], (V) keysAndValues[next + 1]);
            next += 2;
            return entry;
          }
        };
      }
    };
  }
}
