package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/**
 * A child the operator applies — the app tier's, CloudNativePG's, the Prometheus Operator's: created as a {@link
 * CreatedDependent} is, and updated when it differs from the desired object; updates are Events.
 */
public abstract class AppliedDependent<R extends HasMetadata> extends CreatedDependent<R>
    implements Updater<R, AppStack> {
  protected AppliedDependent(Class<R> type) {
    super(type);
  }

  @Override
  public R update(R actual, R desired, AppStack stack, Context<AppStack> context) {
    return ChildEvents.updated(super.update(actual, desired, stack, context), stack, context);
  }
}
