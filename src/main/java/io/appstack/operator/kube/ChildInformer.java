package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * JOSDK's informer event source for a kind of child, stamping the stacks of every child it hears of
 * ({@link ChildChanges}). The stamp is taken from the events themselves: JOSDK also runs the secondary-to-primary
 * mapper when it re-indexes its whole cache, which it does each time a workflow activates an optional dependent
 * (the PodMonitor, CloudNativePG's), and that is no change.
 */
final class ChildInformer<R extends HasMetadata> extends InformerEventSource<R, AppStack> {
  private final ChildChanges changes;

  ChildInformer(InformerEventSourceConfiguration<R> configuration, EventSourceContext<AppStack> context) {
    super(configuration, context);
    this.changes = ChildChanges.of(context.getPrimaryCache());
  }

  @Override
  public void onAdd(R child) {
    stamp(child);
    super.onAdd(child);
  }

  @Override
  public void onUpdate(R before, R child) {
    stamp(child);
    super.onUpdate(before, child);
  }

  @Override
  public void onDelete(R child, boolean finalStateUnknown) {
    stamp(child);
    super.onDelete(child, finalStateUnknown);
  }

  private void stamp(R child) {
    changes.changed(configuration().getSecondaryToPrimaryMapper().toPrimaryResourceIDs(child));
  }
}
