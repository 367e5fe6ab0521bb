package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Lets node drains take at most one API pod at a time. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.API))
public class ApiDisruptionBudgetDependent extends AppliedDependent<PodDisruptionBudget> implements GarbageCollected<AppStack> {
  public static final String NAME = "api-pdb";

  public ApiDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(AppStack stack, Context<AppStack> context) {
    return desired(stack, StackPlan.from(context));
  }

  static PodDisruptionBudget desired(AppStack stack, StackPlan plan) {
    String name = Names.api(stack);
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, Labels.API, name)))
        .withNewSpec()
          .withMaxUnavailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
        .endSpec()
        .build();
  }
}
