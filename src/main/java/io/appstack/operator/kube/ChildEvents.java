package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;

/** An Event on the stack for every child the operator creates or changes, for {@code kubectl describe}. */
public final class ChildEvents {
  private ChildEvents() {}

  public static <R extends HasMetadata> R created(R child, AppStack stack, Context<AppStack> context) {
    record(stack, context, "Created", "created " + child.getKind() + " " + child.getMetadata().getName());
    return child;
  }

  public static <R extends HasMetadata> R updated(R child, AppStack stack, Context<AppStack> context) {
    record(stack, context, "Updated", "updated " + child.getKind() + " " + child.getMetadata().getName()
        + " to match the spec");
    return child;
  }

  public static void replaced(HasMetadata child, AppStack stack, Context<AppStack> context) {
    record(stack, context, "Replaced", "deleted " + child.getKind() + " " + child.getMetadata().getName()
        + " to create it again with the spec's changes (it had not started, or had failed)");
  }

  private static void record(AppStack stack, Context<AppStack> context, String reason, String message) {
    new EventRecorder(context.getClient(), Clock.systemUTC()).normal(stack, reason, message);
  }
}
