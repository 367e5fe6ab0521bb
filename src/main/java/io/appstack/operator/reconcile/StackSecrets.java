package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.CompactItemStore;
import io.appstack.operator.kube.GeneratedSecrets;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.metrics.PrometheusSecrets;
import io.appstack.operator.reconcile.apps.ConnectionSecretDependent;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The Secrets a reconcile reads, and where from: the caches where the operator has one, else the given lookup. */
final class StackSecrets {
  /**
   * Informer over the generated credential Secrets (Redis and PostgreSQL passwords), read on every
   * reconcile: from its cache, not with a GET each. It maps nothing to stacks, so it triggers no
   * reconcile and adds nothing to the secondary resources (the Secrets outlive the stack with Retain).
   */
  static final String GENERATED_CREDENTIALS = "generated-credentials";

  private StackSecrets() {}

  static InformerEventSource<Secret, AppStack> generatedCredentialsSource(EventSourceContext<AppStack> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, AppStack.class)
        .withName(GENERATED_CREDENTIALS)
        .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.CREDENTIALS)
        .withSecondaryToPrimaryMapper(secret -> Set.of())
        .withItemStore(CompactItemStore.forNamespaces(context.getControllerConfiguration().getEffectiveNamespaces(),
            context.getClient().getKubernetesSerialization()))
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The stack's generated credential Secrets, by name, from that informer's cache. */
  static Function<String, Optional<Secret>> cachedGeneratedCredentials(AppStack stack, Context<AppStack> context) {
    var source = (InformerEventSource<Secret, AppStack>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, GENERATED_CREDENTIALS);
    return name -> source.get(new ResourceID(name, stack.getMetadata().getNamespace()));
  }

  /** The stack's connection Secret in its cache, if there and owned by the stack (as a secondary resource is). */
  static Optional<Secret> cachedConnectionSecret(AppStack stack, Context<AppStack> context) {
    var source = (InformerEventSource<Secret, AppStack>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, ConnectionSecretDependent.NAME);
    return source.get(new ResourceID(Names.connectionSecret(stack), stack.getMetadata().getNamespace()))
        .filter(secret -> secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences()
            .stream().anyMatch(owner -> stack.getMetadata().getUid().equals(owner.getUid())));
  }

  /** The bearer token and CA the stack's Prometheus is queried with, from the Secrets its spec names. */
  static PrometheusSecrets prometheus(AppStack stack, Function<String, Secret> secrets) {
    var token = stack.getSpec().prometheus().bearerTokenSecretRef();
    var ca = stack.getSpec().prometheus().caSecretRef();
    return new PrometheusSecrets(
        token == null ? Optional.empty() : Optional.of(decoded(secrets.apply(token.name()), token.key()).trim()),
        ca == null ? Optional.empty() : Optional.of(decoded(secrets.apply(ca.name()), ca.key())));
  }

  /**
   * The database user and password the operator does not generate: an external primary's (its Secret, checked by
   * the validator) or the one CloudNativePG generates at bootstrap ({@code <cluster>-app}; null until then).
   */
  static ConnectionSettings.Credentials databaseCredentials(AppStack stack, Function<String, Secret> secrets) {
    var database = stack.getSpec().database();
    if (database == null || database.primary().managed() != null) {
      return null;
    }
    String name = database.primary().external() != null ? database.primary().external().credentialsSecret()
        : Names.cnpgCluster(stack) + "-app";
    Secret secret = secrets.apply(name);
    if (secret == null) {
      return null;
    }
    return new ConnectionSettings.Credentials(decoded(secret, "username"), decoded(secret, "password"));
  }

  private static String decoded(Secret secret, String key) {
    return GeneratedSecrets.decode(secret).get(key);
  }
}
