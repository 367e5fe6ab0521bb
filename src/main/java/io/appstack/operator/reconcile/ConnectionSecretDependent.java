package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.ChildEvents;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.ChildOwnership;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.ServerSideApply;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code <name>-connections} Secret that API and worker pods load with envFrom. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.CONNECTIONS))
public class ConnectionSecretDependent extends CRUDKubernetesDependentResource<Secret, AppStack> {
  public static final String NAME = "connection-secret";

  public ConnectionSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(AppStack stack, Context<AppStack> context) {
    return desired(stack, StackPlan.from(context));
  }

  static Secret desired(AppStack stack, StackPlan plan) {
    String name = Names.connectionSecret(stack);
    // data, not stringData: the server turns stringData into data, which would never match.
    Map<String, String> data = new LinkedHashMap<>();
    plan.connections().values().forEach((k, v) ->
        data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, Labels.CONNECTIONS, name)))
        .withData(data)
        .build();
  }

  @Override
  protected boolean useSSA(Context<AppStack> context) {
    return ServerSideApply.enabled(context);
  }

  @Override
  public Secret create(Secret desired, AppStack stack, Context<AppStack> context) {
    ChildOwnership.requireFree(desired, stack, context);
    return ChildEvents.created(super.create(desired, stack, context), stack, context);
  }

  @Override
  public Secret update(Secret actual, Secret desired, AppStack stack, Context<AppStack> context) {
    return ChildEvents.updated(super.update(actual, desired, stack, context), stack, context);
  }
}
