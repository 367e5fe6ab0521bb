package io.appstack.operator.datatier.cnpg;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;

/**
 * A CloudNativePG object (postgresql.cnpg.io/v1) as the operator writes and reads it: spec and status as maps,
 * holding only the fields the operator sets or reads ({@link CnpgObjects}); CloudNativePG defaults the rest.
 */
public abstract class CnpgResource extends CustomResource<Map<String, Object>, Map<String, Object>>
    implements Namespaced {
  @Override
  protected Map<String, Object> initSpec() {
    return null;
  }

  @Override
  protected Map<String, Object> initStatus() {
    return null;
  }
}
