package io.appstack.operator.reconcile.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.LenientQuantities;
import io.appstack.operator.kube.SharedManagedFields;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How the operator's Kubernetes client reads objects: anything the API server stored must be readable, or one
 * tenant's AppStack stops the informer that lists every stack (see {@link LenientQuantities}); and each distinct
 * managed field set is held once however many cached objects carry it ({@link SharedManagedFields}).
 */
@Singleton
public class ClientSerialization implements KubernetesClientObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    configure(mapper);
  }

  /** The modules of the operator's client; tests that build their own client read the same way. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper.registerModule(LenientQuantities.module()).registerModule(SharedManagedFields.module());
  }
}
