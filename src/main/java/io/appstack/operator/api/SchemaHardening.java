package io.appstack.operator.api;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;

/**
 * Build-time CRD post-processor (quarkus.operator-sdk.crd.post-processor) for what the generator's annotations
 * cannot say, so that the API server refuses every value the operator could not read back:
 * <ul>
 *   <li>every resource quantity ({@code requests}/{@code limits} maps of int-or-string) gets the pattern
 *       Kubernetes itself validates quantities with, as controller-gen emits it for {@code resource.Quantity}
 *       (without it the server stores {@code cpu: ""}, a Helm {@code | quote} of an unset value);</li>
 *   <li>every integer without bounds (the {@code observedGeneration}s of fabric8's types) is an int64 from 0.</li>
 * </ul>
 */
public class SchemaHardening implements CRDPostProcessor {
  /** Kubernetes' quantity syntax (k8s.io/apimachinery resource.Quantity), for strings; integers pass as they are. */
  public static final String QUANTITY = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
      + "|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
  static final List<String> QUANTITY_MAPS = List.of("requests", "limits");

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition definition) {
      for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
        if (version.getSchema() != null) {
          visit(version.getSchema().getOpenAPIV3Schema());
        }
      }
    }
    return crd;
  }

  static void visit(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if ("integer".equals(schema.getType()) && schema.getMaximum() == null) {
      schema.setFormat("int64");
      if (schema.getMinimum() == null) {
        schema.setMinimum(0.0);
      }
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null) {
      properties.forEach((name, property) -> {
        JSONSchemaProps values = property.getAdditionalProperties() == null ? null
            : property.getAdditionalProperties().getSchema();
        if (QUANTITY_MAPS.contains(name) && values != null && Boolean.TRUE.equals(values.getXKubernetesIntOrString())) {
          values.setPattern(QUANTITY);
        }
        visit(property);
      });
    }
    if (schema.getItems() != null) {
      visit(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null) {
      visit(schema.getAdditionalProperties().getSchema());
    }
  }
}
