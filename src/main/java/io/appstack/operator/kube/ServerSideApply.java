package io.appstack.operator.kube;

import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Whether children are written with server-side apply: on in production (Quarkus Operator SDK's default),
 * off only where the API server cannot do it (the mock server in tests).
 *
 * <p>JOSDK leaves Secrets and ConfigMaps out of server-side apply by default
 * ({@code ConfigurationService.defaultNonSSAResources}) because {@code stringData} never matches what the
 * server stores. The operator's Secrets carry {@code data} only, so they are applied like every other child:
 * under the operator's field manager, leaving fields other managers own alone.
 */
public final class ServerSideApply {
  private ServerSideApply() {}

  public static boolean enabled(Context<?> context) {
    return context.getControllerConfiguration().getConfigurationService()
        .ssaBasedCreateUpdateMatchForDependentResources();
  }
}
