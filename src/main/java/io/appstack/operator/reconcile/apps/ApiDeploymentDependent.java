package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** The API Deployment. The operator owns its replicas. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.API))
public class ApiDeploymentDependent extends AppliedDependent<Deployment> implements GarbageCollected<AppStack> {
  public static final String NAME = "api-deployment";

  public ApiDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(AppStack stack, Context<AppStack> context) {
    return desired(stack, StackPlan.from(context));
  }

  static Deployment desired(AppStack stack, StackPlan plan) {
    String name = Names.api(stack);
    var labels = Labels.of(stack, Labels.API, name);
    return PodTemplates.deployment(stack, name, labels, plan.apiReplicas(),
        PodTemplates.podTemplate(stack.getSpec().api(), "api", labels, List.of(), Names.connectionSecret(stack),
            plan.connections().hash()), plan.phase());
  }
}
