package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code <name>-connections} Secret that API and worker pods load with envFrom. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.CONNECTIONS))
public class ConnectionSecretDependent extends AppliedDependent<Secret> implements GarbageCollected<AppStack> {
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
}
