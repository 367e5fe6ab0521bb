package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * A child the operator creates, after checking that no one else's object has its name (a creation is an Event),
 * server-side when on (Secrets too, which JOSDK otherwise leaves out). Most are also updated ({@link
 * AppliedDependent}); one that is only created (a Job) is granted no update in RBAC.
 */
public abstract class CreatedDependent<R extends HasMetadata> extends KubernetesDependentResource<R, AppStack>
    implements Creator<R, AppStack> {
  protected CreatedDependent(Class<R> type) {
    super(type);
  }

  /**
   * JOSDK's event source, with the operator's cache: each child kept compact ({@link CompactItemStore}) when the
   * event source has one informer, and every change stamped on its stack ({@link ChildInformer}). The same steps as
   * JOSDK's own, the store set after the annotation's settings.
   */
  @Override
  protected InformerEventSource<R, AppStack> createEventSource(EventSourceContext<AppStack> context) {
    var builder = informerConfigurationBuilder(context)
        .withSecondaryToPrimaryMapper(getSecondaryToPrimaryMapper(context).orElseThrow())
        .withName(name());
    configuration().map(KubernetesDependentResourceConfig::informerConfig).ifPresent(builder::updateFrom);
    builder.withItemStore(CompactItemStore.forNamespaces(context.getControllerConfiguration().getEffectiveNamespaces(),
        context.getClient().getKubernetesSerialization()));
    InformerEventSource<R, AppStack> source = new ChildInformer<>(builder.build(), context);
    setEventSource(source);
    return source;
  }

  @Override
  protected boolean useSSA(Context<AppStack> context) {
    return ServerSideApply.enabled(context);
  }

  @Override
  public R create(R desired, AppStack stack, Context<AppStack> context) {
    ChildOwnership.requireFree(desired, stack, context);
    return ChildEvents.created(super.create(desired, stack, context), stack, context);
  }
}
