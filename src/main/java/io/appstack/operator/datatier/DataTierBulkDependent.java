package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An optional part of the data tier: zero or more objects of one kind. Always active, so turning a
 * part off is an empty desired set: what it had is deleted here, explicitly, and nothing else is
 * (no activation condition or reconcile precondition cascading deletes to dependents), except data
 * ({@link RetainedData}): a removed Redis or PostgreSQL primary stays until the user deletes it. StatefulSets
 * keep their volumes through their retention policy. When the stack itself is deleted, owner references
 * let the garbage collector remove the rest ({@link GarbageCollected}): the operator needs no finalizer,
 * so deleting a stack never waits on the operator being up.
 */
public abstract class DataTierBulkDependent<R extends HasMetadata> extends AppliedDependent<R>
    implements CRUDKubernetesBulkDependentResource<R, AppStack>, KubernetesBulkDependentResource<R, AppStack>,
    GarbageCollected<AppStack> {

  private final Set<String> components;

  public DataTierBulkDependent(Class<R> type, String... components) {
    super(type);
    this.components = Set.of(components);
  }

  public abstract List<R> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, R> actual);

  @Override
  public Map<ResourceID, R> desiredResources(AppStack stack, Context<AppStack> context) {
    Map<ResourceID, R> desired = new LinkedHashMap<>();
    for (R resource : desired(stack, DataTierPlan.from(context), getSecondaryResources(stack, context))) {
      desired.put(ResourceID.fromResource(resource), resource);
    }
    return desired;
  }

  /**
   * This part's objects. Several informers watch the kind (one per part), so one object can be seen
   * twice: keep the newest copy.
   */
  @Override
  public Map<ResourceID, R> getSecondaryResources(AppStack stack, Context<AppStack> context) {
    return newest(context.getSecondaryResourcesAsStream(resourceType()).filter(secondaryResourceFilter(stack, context)));
  }

  public static <T extends HasMetadata> Map<ResourceID, T> newest(java.util.stream.Stream<T> resources) {
    return resources.collect(java.util.stream.Collectors.toMap(ResourceID::fromResource, r -> r,
        (a, b) -> version(b) > version(a) ? b : a, LinkedHashMap::new));
  }

  private static long version(HasMetadata r) {
    try {
      return Long.parseLong(r.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Only this part's objects: other parts share the kind (and the API's objects are not ours to delete). */
  @Override
  public Predicate<R> secondaryResourceFilter(AppStack stack, Context<AppStack> context) {
    return r -> r.getMetadata().getLabels() != null
        && components.contains(r.getMetadata().getLabels().get(Labels.COMPONENT))
        && stack.getMetadata().getName().equals(r.getMetadata().getLabels().get(Labels.STACK));
  }

  /** An object the spec no longer asks for is deleted, unless it holds data (or serves data) kept for the user. */
  @Override
  public void deleteTargetResource(AppStack stack, R resource, ResourceID key, Context<AppStack> context) {
    if (!DataTierPlan.from(context).retained().keeps(resource)) {
      super.deleteTargetResource(stack, resource, key, context);
    }
  }
}
