package io.appstack.operator.kube;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each stack's children last changed, as the child informers saw it: every add, update and delete a child
 * informer receives ({@link ChildInformer}) stamps the stacks the child belongs to with a new number. A reconcile
 * that finds the stamp it saw last time knows that no child has changed since. The informer stores the object
 * before it hands the event on, so a stamp read before a reconcile reads the cache never hides a change that
 * reconcile did not see.
 */
public final class ChildChanges {
  /**
   * One per controller, keyed by its primary cache (the object JOSDK hands both to the event sources it creates
   * and to every reconcile): several operators in one JVM, as in tests, never share stamps.
   */
  private static final Map<Object, ChildChanges> BY_CONTROLLER = Collections.synchronizedMap(new WeakHashMap<>());

  private final AtomicLong sequence = new AtomicLong();
  private final Map<ResourceID, Long> stamps = new ConcurrentHashMap<>();

  /** The stamps of the controller whose primary cache is {@code primaryCache}. */
  public static ChildChanges of(Object primaryCache) {
    return BY_CONTROLLER.computeIfAbsent(primaryCache, k -> new ChildChanges());
  }

  /** A child of each of {@code stacks} was added, changed or deleted. */
  public void changed(Set<ResourceID> stacks) {
    for (ResourceID stack : stacks) {
      stamps.put(stack, sequence.incrementAndGet());
    }
  }

  /**
   * The stamp of the last change to a child of {@code stack}; 0 when none was seen. Numbers are never reused, so
   * any change after a reading gives a different stamp.
   */
  public long stamp(ResourceID stack) {
    return stamps.getOrDefault(stack, 0L);
  }

  /** Forgets stacks that are gone (a forgotten stack that comes back reads 0 until its next change). */
  public void retain(Set<ResourceID> stacks) {
    stamps.keySet().retainAll(stacks);
  }
}
