package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Metadata of every child: name, namespace, labels, and the stack as its controlling owner. */
public final class ChildMetadata {
  private ChildMetadata() {}

  public static ObjectMeta of(AppStack stack, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(stack.getMetadata().getNamespace())
        .withLabels(labels)
        // controller=true: kubectl shows "Controlled By", and garbage collection removes the child with the stack.
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(stack.getApiVersion())
            .withKind(stack.getKind())
            .withName(stack.getMetadata().getName())
            .withUid(stack.getMetadata().getUid())
            .withController(true)
            .build())
        .build();
  }
}
