package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The API's ClusterIP Service on port 80. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.API))
public class ApiServiceDependent extends AppliedDependent<Service> implements GarbageCollected<AppStack> {
  public static final String NAME = "api-service";

  public ApiServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(AppStack stack, Context<AppStack> context) {
    return desired(stack, StackPlan.from(context));
  }

  static Service desired(AppStack stack, StackPlan plan) {
    String name = Names.api(stack);
    return new ServiceBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, Labels.API, name)))
        .withNewSpec()
          .withSelector(Labels.selector(name))
          .addNewPort()
            .withName(PodTemplates.CONTAINER_PORT_NAME)
            .withPort(80)
            .withTargetPort(new IntOrString(PodTemplates.CONTAINER_PORT_NAME))
            .withProtocol("TCP")
          .endPort()
        .endSpec()
        .build();
  }
}
