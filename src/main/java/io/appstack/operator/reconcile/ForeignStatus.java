package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.status.AppStackStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A status another writer put on a stack while this operator runs. Its conditions and counts are only display
 * (the next status replaces them), but its scaling memory would be acted on: a {@code phase: Enterprise} written
 * through the status subresource took a Small stack to Enterprise's replicas and data tier. Such memory is
 * replaced by the memory this operator last wrote, with a Warning Event, and written back by the next status
 * patch. After a restart the operator has no record of its own, and the status read back is its memory
 * ({@link ScalingMemory} still refuses what no operator writes: an unknown phase, times in the future).
 */
final class ForeignStatus {
  private ForeignStatus() {}

  /**
   * Puts the phase and scaling memory of {@code own} (this operator's last status) back into {@code stack}'s
   * status if another writer changed them; returns the Event message when it did.
   */
  static Optional<String> restoreMemory(AppStack stack, AppStackStatus own) {
    AppStackStatus found = stack.getStatus();
    if (found != null && Objects.equals(found.phase(), own.phase()) && Objects.equals(found.scaling(), own.scaling())) {
      return Optional.empty();
    }
    String foundPhase = found == null ? null : found.phase();
    stack.setStatus(found == null ? own : new AppStackStatus(found.observedGeneration(), own.phase(), found.conditions(),
        found.summary(), found.components(), own.scaling(), found.connectionSecret(), found.advisories()));
    return Optional.of("status.phase or status.scaling was changed by another writer (phase "
        + own.phase() + (Objects.equals(foundPhase, own.phase()) ? "" : " → " + foundPhase) + "); it is not acted on: "
        + "the operator continues from the scaling memory it wrote and puts it back. Pin a phase with spec.phase.");
  }
}
