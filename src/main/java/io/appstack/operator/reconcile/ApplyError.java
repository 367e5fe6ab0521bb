package io.appstack.operator.reconcile;

import io.appstack.operator.kube.ChildOwnership;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Set;

/**
 * A child that failed to apply, and whether retrying can fix it. The API server refusing the object (invalid,
 * forbidden, a bad request) or an object of that name that is not the stack's will fail the same way every time:
 * the stack stalls, naming the object and the server's words. Conflicts on its own objects, 5xx, timeouts and
 * lost connections pass: the stack is Reconciling and the operator retries.
 */
record ApplyError(String child, String message, boolean retryable) {
  /** 400 Bad Request, 403 Forbidden, 422 Invalid. */
  static final Set<Integer> REFUSALS = Set.of(400, 403, 422);

  static ApplyError of(String child, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ChildOwnership.ForeignObject foreign) {
        return new ApplyError(child, foreign.getMessage(), false);
      }
      if (t instanceof KubernetesClientException k && REFUSALS.contains(k.getCode())) {
        String said = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
            : k.getMessage();
        return new ApplyError(child, "the API server refused it (" + k.getCode() + "): " + said, false);
      }
    }
    return new ApplyError(child, rootMessage(error), true);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public String toString() {
    return child + ": " + message;
  }
}
