package io.appstack.operator.kube;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;

/**
 * Another project's object (CloudNativePG's, the Prometheus Operator's) as the operator writes and reads it: spec
 * and status as maps, holding only the fields the operator sets or reads; that project defaults the rest.
 */
public abstract class MapResource extends CustomResource<Map<String, Object>, Map<String, Object>>
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
