package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * it rather than work from the server's copy: status patches are computed against the cached copy. The
 * waits back off while the cache stays behind (watches down). In the steady state the cache agrees and
 * nothing is read.
 */
final class StatusLeft {
  /** The first wait for a cache that is behind; each further one doubles, up to {@link #LONGEST_WAIT}. */
  static final Duration FIRST_WAIT = Duration.ofMillis(200);
  /** While watches are down the cache stays behind: the waits back off so the stack is not polled hard. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

  private record Left(AppStackStatus status, int waits) {}

  private final Map<String, Left> byUid = new ConcurrentHashMap<>();

  /**
   * How long to wait before reconciling {@code cached}, when its status is older than the API server's copy
   * ({@code read}) after this operator's write; empty when it can be reconciled now.
   */
  Optional<Duration> waitForCache(AppStack cached, Supplier<AppStack> read) {
    String uid = cached.getMetadata().getUid();
    Left left = uid == null ? null : byUid.get(uid);
    if (left == null || left.status().equals(cached.getStatus())) {
      return Optional.empty();
    }
    AppStack server = read.get();
    if (server == null || !uid.equals(server.getMetadata().getUid())
        || Objects.equals(server.getStatus(), cached.getStatus())) {
      return Optional.empty();
    }
    int waits = left.waits() + 1;
    byUid.put(uid, new Left(left.status(), waits));
    Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(waits - 1, 16));
    return Optional.of(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
  }

  /** Records the status a reconcile of {@code stack} leaves (patched, or found already in place). */
  void left(AppStack stack, AppStackStatus status) {
    String uid = stack.getMetadata().getUid();
    if (uid != null) {
      byUid.put(uid, new Left(status, 0));
    }
  }

  /** Forgets stacks that are gone. */
  void retain(Set<String> uids) {
    byUid.keySet().retainAll(uids);
  }
}
