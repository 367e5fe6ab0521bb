package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.datatier.DataTierPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each stack's children were last applied from. Every poll reconciles every stack, and running the workflow
 * costs a decode, a serialisation and a server-side-apply comparison per child even when nothing differs (at 1,000
 * stacks most of the operator's CPU at rest). A poll whose inputs equal those of the last complete apply, with no
 * child changed since ({@link io.appstack.operator.kube.ChildChanges}), would apply the same children to the same
 * objects, so it skips the workflow. Anything the inputs miss is caught by a complete apply at least every
 * {@link #FULL_APPLY_EVERY}, as an informer's resync would.
 */
final class AppliedInputs {
  static final Duration FULL_APPLY_EVERY = Duration.ofMinutes(10);

  /**
   * What the desired children are a function of, besides the stack's identity (the record is kept by its uid): the
   * spec, the plan, the data tier as the children see it, and whether the optional PodMonitor kind is served.
   */
  record Inputs(AppStackSpec spec, StackPlan plan, DataTierPlan tier, boolean podMonitors) {
  }

  private record Applied(Inputs inputs, long childStamp, Instant at) {
  }

  private final Map<String, Applied> byUid = new ConcurrentHashMap<>();

  /**
   * Whether applying {@code inputs} now would change nothing: same inputs, no child change, not yet due. When so,
   * the equal {@code inputs} are kept instead of the recorded ones, which then go: the spec they hold is the cached
   * stack's own, not a copy from before its last status patch (at 1,000 stacks the copies were megabytes).
   */
  boolean unchanged(String uid, Inputs inputs, long childStamp, Instant now) {
    Applied last = byUid.get(uid);
    boolean unchanged = last != null && last.childStamp() == childStamp && last.inputs().equals(inputs)
        && now.isBefore(last.at().plus(FULL_APPLY_EVERY));
    if (unchanged) {
      byUid.replace(uid, last, new Applied(inputs, childStamp, last.at()));
    }
    return unchanged;
  }

  /**
   * Records a complete apply of {@code inputs}; {@code childStamp} must have been read before the workflow read
   * the caches, so that a change during the apply counts as a change.
   */
  void applied(String uid, Inputs inputs, long childStamp, Instant now) {
    byUid.put(uid, new Applied(inputs, childStamp, now));
  }

  /** Forgets what an apply failed or did not finish: the next poll applies again. */
  void forget(String uid) {
    byUid.remove(uid);
  }

  void retain(Set<String> uids) {
    byUid.keySet().retainAll(uids);
  }
}
