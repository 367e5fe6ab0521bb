package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;

/**
 * Before the operator creates a child: an object of that name that it did not make is never adopted or
 * overwritten (server-side apply would merge into it, a plain create would fail as a "conflict" forever). Ours
 * is an object owned by this stack, or one labelled for it and owned by no other controller: what a stack with
 * {@code deletionPolicy: Retain} leaves for its successor (credentials, volumes' StatefulSets).
 */
public final class ChildOwnership {
  private ChildOwnership() {}

  /** Throws {@link ForeignObject} if an object named as {@code desired} exists and is not this stack's. */
  public static void requireFree(HasMetadata desired, AppStack stack, Context<AppStack> context) {
    HasMetadata existing = context.getClient().resource(desired).get();
    if (existing != null && !ours(existing, stack)) {
      throw new ForeignObject(existing, stack);
    }
  }

  public static boolean ours(HasMetadata object, AppStack stack) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners != null && owners.stream().anyMatch(o -> stack.getMetadata().getUid().equals(o.getUid()))) {
      return true;
    }
    boolean anotherController = owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    Map<String, String> labels = object.getMetadata().getLabels();
    return !anotherController && labels != null && Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
        && stack.getMetadata().getName().equals(labels.get(Labels.STACK));
  }

  /** An object in the way of a child: retrying cannot help, so the stack stalls naming it. */
  public static final class ForeignObject extends RuntimeException {
    public ForeignObject(HasMetadata existing, AppStack stack) {
      super(existing.getKind() + " " + existing.getMetadata().getName() + " exists and is not owned by AppStack "
          + stack.getMetadata().getName() + ": the operator never adopts or overwrites an object it did not create. "
          + "Rename or delete that object (or the stack)");
    }
  }
}
