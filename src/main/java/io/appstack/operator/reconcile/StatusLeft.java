package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.status.AppStackStatus;
import java.time.Duration;
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
 * holds, either this operator's write failed (the server still has the status the write started from: the cache
 * is right), or someone else wrote the status since: then its scaling memory is not this operator's and is not
 * acted on (see {@link Check#overwritten()}). Otherwise the cache is behind, and the reconcile waits for
 * it rather than work from the server's copy: status patches are computed against the cached copy. The
 * waits back off while the cache stays behind (watches down). In the steady state the cache agrees and
 * nothing is read.
 */
final class StatusLeft {
  /** The first wait for a cache that is behind; each further one doubles, up to {@link #LONGEST_WAIT}. */
  static final Duration FIRST_WAIT = Duration.ofMillis(200);
  /** While watches are down the cache stays behind: the waits back off so the stack is not polled hard. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

  /** What a reconcile left ({@code status}), from which status it started ({@code base}). */
  private record Left(AppStackStatus status, AppStackStatus base, int waits) {}

  /**
   * @param waitForCache how long to wait for the cache, or null to reconcile now
   * @param overwritten the status this operator last left, when another writer has replaced it since; else null
   */
  record Check(Duration waitForCache, AppStackStatus overwritten) {
    static final Check NOW = new Check(null, null);
  }

  private final Map<String, Left> byUid = new ConcurrentHashMap<>();

  /**
   * Whether {@code cached} can be reconciled now, given the API server's copy ({@code read}, asked only when
   * the cached status is not the one last left).
   */
  Check check(AppStack cached, Supplier<AppStack> read) {
    String uid = cached.getMetadata().getUid();
    Left left = uid == null ? null : byUid.get(uid);
    if (left == null || left.status().equals(cached.getStatus())) {
      return Check.NOW;
    }
    AppStack server = read.get();
    if (server == null || !uid.equals(server.getMetadata().getUid())) {
      return Check.NOW;
    }
    if (Objects.equals(server.getStatus(), cached.getStatus())) {
      return Objects.equals(cached.getStatus(), left.base()) ? Check.NOW : new Check(null, left.status());
    }
    int waits = left.waits() + 1;
    byUid.put(uid, new Left(left.status(), left.base(), waits));
    Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(waits - 1, 16));
    return new Check(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait, null);
  }

  /** Records the status a reconcile of {@code stack} leaves (patched, or found already in place). */
  void left(AppStack stack, AppStackStatus base, AppStackStatus status) {
    String uid = stack.getMetadata().getUid();
    if (uid != null) {
      // At rest a reconcile leaves the status it started from: one copy is kept, not two (a fleet's worth).
      byUid.put(uid, new Left(status, Objects.equals(base, status) ? status : base, 0));
    }
  }

  /** Forgets stacks that are gone. */
  void retain(Set<String> uids) {
    byUid.keySet().retainAll(uids);
  }
}
