package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.reconcile.runtime.ClientSerialization;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SharedManagedFieldsTest {
  static final String FIELDS = """
      {"f:metadata":{"f:labels":{"f:app.kubernetes.io/instance":{},"f:app.kubernetes.io/name":{}}},
       "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"api\\"}":{".":{},"f:image":{}}}}}}}""";

  static String deployment(String name, String time, String fields) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"ns","managedFields":[
          {"manager":"appstack","operation":"Apply","apiVersion":"apps/v1","time":"%s","fieldsType":"FieldsV1",
           "fieldsV1":%s}]},"spec":{"replicas":2}}""".formatted(name, time, fields);
  }

  final ObjectMapper mapper = ClientSerialization.configure(new ObjectMapper());
  final KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);

  @Test
  void equalFieldSetsAreOneInstanceAndReadAsTheyWere() throws Exception {
    Deployment a = serialization.unmarshal(deployment("a", "2026-12-03T07:00:00Z", FIELDS), Deployment.class);
    Deployment b = serialization.unmarshal(deployment("b", "2026-12-03T07:01:00Z", FIELDS), Deployment.class);

    var fieldsA = a.getMetadata().getManagedFields().get(0);
    var fieldsB = b.getMetadata().getManagedFields().get(0);
    assertThat(fieldsA.getFieldsV1()).isSameAs(fieldsB.getFieldsV1());
    assertThat(fieldsA.getTime()).isEqualTo("2026-12-03T07:00:00Z");
    assertThat(fieldsB.getTime()).isEqualTo("2026-12-03T07:01:00Z");
    // Written back exactly as read (what JOSDK's matcher and a clone see).
    JsonNode written = mapper.readTree(serialization.asJson(a)).at("/metadata/managedFields/0/fieldsV1");
    assertThat(written).isEqualTo(mapper.readTree(FIELDS));
  }

  /** A child decoded from its packed cache for one reconcile reads its field sets as they are, sharing none. */
  @Test
  void whatIsReadUnsharedSharesNothingAndReadsTheSame() throws Exception {
    Deployment shared = serialization.unmarshal(deployment("a", "2026-12-03T07:00:00Z", FIELDS), Deployment.class);
    Deployment first = SharedManagedFields.unshared(
        () -> serialization.unmarshal(deployment("b", "2026-12-03T07:01:00Z", FIELDS), Deployment.class));
    Deployment second = SharedManagedFields.unshared(
        () -> serialization.unmarshal(deployment("c", "2026-12-03T07:02:00Z", FIELDS), Deployment.class));

    var fields = first.getMetadata().getManagedFields().get(0).getFieldsV1();
    assertThat(fields).isNotSameAs(second.getMetadata().getManagedFields().get(0).getFieldsV1())
        .isNotSameAs(shared.getMetadata().getManagedFields().get(0).getFieldsV1())
        .isEqualTo(shared.getMetadata().getManagedFields().get(0).getFieldsV1());
    assertThat(mapper.readTree(serialization.asJson(first)).at("/metadata/managedFields/0/fieldsV1"))
        .isEqualTo(mapper.readTree(FIELDS));
    // The switch ends with the read: the thread's next read shares again.
    Deployment after = serialization.unmarshal(deployment("d", "2026-12-03T07:03:00Z", FIELDS), Deployment.class);
    assertThat(after.getMetadata().getManagedFields().get(0).getFieldsV1())
        .isSameAs(shared.getMetadata().getManagedFields().get(0).getFieldsV1());
  }

  /** Field sets that differ in one place (an owner reference's uid) share everything else. */
  @Test
  void equalSubtreesAreOneInstance() {
    String owned = "{\"f:metadata\":{\"f:ownerReferences\":{\"k:{\\\"uid\\\":\\\"%s\\\"}\":{}}},"
        + "\"f:spec\":{\"f:replicas\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{}}}}}";
    Deployment a = serialization.unmarshal(deployment("a", "t", owned.formatted("uid-a")), Deployment.class);
    Deployment b = serialization.unmarshal(deployment("b", "t", owned.formatted("uid-b")), Deployment.class);

    var fieldsA = a.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
    var fieldsB = b.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
    assertThat(fieldsA).isNotEqualTo(fieldsB);
    assertThat(fieldsA.get("f:spec")).isSameAs(fieldsB.get("f:spec"));
    assertThat(((java.util.Map<?, ?>) fieldsA.get("f:metadata")).get("f:ownerReferences"))
        .isNotEqualTo(((java.util.Map<?, ?>) fieldsB.get("f:metadata")).get("f:ownerReferences"));
  }

  @Test
  void differentFieldSetsStayApart() {
    Deployment a = serialization.unmarshal(deployment("a", "t", FIELDS), Deployment.class);
    Deployment c = serialization.unmarshal(deployment("c", "t", "{\"f:spec\":{\"f:replicas\":{}}}"), Deployment.class);

    assertThat(a.getMetadata().getManagedFields().get(0).getFieldsV1())
        .isNotEqualTo(c.getMetadata().getManagedFields().get(0).getFieldsV1());
    assertThat(c.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties())
        .containsOnlyKeys("f:spec");
  }

  /** A field set no object holds any more (a packed child's, a deleted stack's) leaves the table. */
  @Test
  void aFieldSetNothingHoldsIsDropped() {
    String unique = "{\"f:metadata\":{\"f:ownerReferences\":{\"k:{\\\"uid\\\":\\\"%s\\\"}\":{}}}}"
        .formatted(java.util.UUID.randomUUID());
    Deployment read = serialization.unmarshal(deployment("gone", "t", unique), Deployment.class);
    int held = SharedManagedFields.size();
    java.lang.ref.WeakReference<Object> fields = new java.lang.ref.WeakReference<>(
        read.getMetadata().getManagedFields().get(0).getFieldsV1());
    read = null;
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return fields.get() == null && SharedManagedFields.size() < held;
    });
  }
}
