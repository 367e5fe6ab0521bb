package io.appstack.operator.monitoring;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.datatier.RedisExporter;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.ServedKinds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.List;

/**
 * The stack's PodMonitor, active only where the Prometheus Operator's PodMonitor kind is served and the installer
 * left stack PodMonitors on (before that the operator watches none). Removed with the stack.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodMonitorDependent extends AppliedDependent<PodMonitor> implements GarbageCollected<AppStack> {
  public static final String NAME = "pod-monitor";

  public PodMonitorDependent() {
    super(PodMonitor.class);
  }

  @Override
  protected PodMonitor desired(AppStack stack, Context<AppStack> context) {
    DataTierPlan plan = DataTierPlan.from(context);
    return StackPodMonitor.desired(stack, ScrapeSettings.get().labels(),
        RedisExporter.wanted(stack, plan) ? RedisExporter.PORT : null);
  }

  /** Where the Prometheus Operator serves PodMonitors and stack PodMonitors are on. */
  public static class Installed implements Condition<HasMetadata, AppStack> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, AppStack> dependent, AppStack stack,
        Context<AppStack> context) {
      return ScrapeSettings.get().podMonitors() && ServedKinds.served(context.getClient(),
          StackPodMonitor.GROUP + "/" + StackPodMonitor.VERSION, List.of("podmonitors"));
    }
  }
}
