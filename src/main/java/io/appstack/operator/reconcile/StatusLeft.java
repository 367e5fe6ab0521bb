package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The status this operator last left on each stack, so that no stack is evaluated from a status older than
 * its own last write. Status is the scaling memory (windows, last scale times, replicas); evaluated from an
 * old one, a stack repeats a decision it has already made. The primary cache can lag behind a status patch:
 * JOSDK keeps the patched copy until the watch delivers it, but without comparable resource versions
 * (Quarkus Operator SDK has no setting for them) any older watch event evicts it, so two reconciles in quick
 * succession can see the status from before the first.
 *
 * <p>When the cached status is not the one last left, the API server is asked. If it holds what the cache
 * holds (the write failed), the cache is right. Otherwise the cache is behind, and the reconcile waits for
 * it rather than work from the server's copy: status patches are computed against the cached copy. In the
 * steady state the cache agrees and nothing is read.
 */
final class StatusLeft {
  private final Map<String, AppStackStatus> byUid = new ConcurrentHashMap<>();

  /** Whether {@code cached} is older than the API server's copy ({@code read}) after this operator's write. */
  boolean cacheIsBehind(AppStack cached, Supplier<AppStack> read) {
    String uid = cached.getMetadata().getUid();
    AppStackStatus left = uid == null ? null : byUid.get(uid);
    if (left == null || left.equals(cached.getStatus())) {
      return false;
    }
    AppStack server = read.get();
    return server != null && uid.equals(server.getMetadata().getUid())
        && !Objects.equals(server.getStatus(), cached.getStatus());
  }

  /** Records the status a reconcile of {@code stack} leaves (patched, or found already in place). */
  void left(AppStack stack, AppStackStatus status) {
    String uid = stack.getMetadata().getUid();
    if (uid != null) {
      byUid.put(uid, status);
    }
  }

  /** Forgets stacks that are gone. */
  void retain(Set<String> uids) {
    byUid.keySet().retainAll(uids);
  }
}
