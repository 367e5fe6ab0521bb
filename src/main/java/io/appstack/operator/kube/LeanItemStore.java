package io.appstack.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * The informer store of the operator's children: each object as {@link LeanObjects} leaves it. Named in each
 * dependent's {@code @Informer(itemStore = LeanItemStore.class)}; a store per informer.
 */
public class LeanItemStore<R extends HasMetadata> extends TransformingItemStore<R> {
  public LeanItemStore() {
    super(LeanObjects::lean);
  }
}
