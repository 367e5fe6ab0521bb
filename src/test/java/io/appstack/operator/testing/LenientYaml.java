package io.appstack.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.LenientQuantities;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Reads YAML as the operator's client reads objects (ClientSerialization): every stored quantity is readable. */
public final class LenientYaml {
  private static final KubernetesSerialization SERIALIZATION;

  static {
    ObjectMapper mapper = new ObjectMapper();
    SERIALIZATION = new KubernetesSerialization(mapper, true);
    mapper.registerModule(LenientQuantities.module());
  }

  private LenientYaml() {}

  public static <T> T read(String yaml, Class<T> type) {
    return SERIALIZATION.unmarshal(yaml, type);
  }
}
