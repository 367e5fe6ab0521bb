package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.SpecProblem;
import java.util.Optional;

/**
 * What the default queries need of the pods' names: they read the stack from a pod's name
 * ({@code <stack>-api-<hash>-<suffix>}, {@code <stack>-worker-<pool>-<hash>-<suffix>}), so that name must
 * survive whole and must name one stack only. A stack whose queries are all its own needs neither.
 */
final class PodNames {
  /**
   * Longest Deployment name whose pods keep it whole: the ReplicaSet controller cuts a pod's generated name
   * to 58 characters before its 5-character suffix, and the ReplicaSet adds '-' and a hash of up to 10.
   */
  static final int MAX_DEPLOYMENT = 58 - 1 - 10 - 1;

  private PodNames() {}

  static Optional<SpecProblem> check(AppStack stack) {
    if (!usesDefaultQueries(stack)) {
      return Optional.empty();
    }
    String name = stack.getMetadata().getName();
    if (name.contains("-worker-") || name.endsWith("-worker")) {
      return Optional.of(new SpecProblem("metadata.name", "'" + name + "' contains '-worker', so its pods' names "
          + "(" + Names.api(stack) + "-…) could also be read as a worker pool of stack '"
          + name.substring(0, name.indexOf("-worker")) + "' by the default queries, which find the stack from the "
          + "pod name. Rename the stack, or set every query under spec.api.scaling.queries and "
          + "spec.workers[*].scaling.queries."));
    }
    String longest = Names.api(stack);
    for (WorkerSpec worker : stack.getSpec().workers()) {
      String deployment = Names.worker(stack, worker.name());
      longest = deployment.length() > longest.length() ? deployment : longest;
    }
    if (longest.length() > MAX_DEPLOYMENT) {
      return Optional.of(new SpecProblem(longest.equals(Names.api(stack)) ? "metadata.name" : "spec.workers",
          "makes the Deployment name '" + longest + "' " + longest.length() + " characters long: its pods' names "
              + "keep only " + MAX_DEPLOYMENT + " characters of it, and the default queries, which find the stack "
              + "from the pod name, would never see it. Use shorter names, or set every query yourself."));
    }
    return Optional.empty();
  }

  /** Whether any scaling signal of the stack runs a default query (one not set in the spec). */
  static boolean usesDefaultQueries(AppStack stack) {
    var api = stack.getSpec().api().scaling().queries();
    if (api.cpu() == null || api.p95Ms() == null) {
      return true;
    }
    return stack.getSpec().workers().stream().map(w -> w.scaling().queries())
        .anyMatch(q -> q.depth() == null || q.oldestJobAgeSeconds() == null);
  }
}
