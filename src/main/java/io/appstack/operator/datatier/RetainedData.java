package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Data the spec no longer asks for but the cluster still holds: a Redis or a managed PostgreSQL primary
 * whose part was removed from the spec (or switched to an external server). An edit never deletes data: the
 * StatefulSet stays, untouched, with what it needs to start again (its config Secret, Service and
 * NetworkPolicy), until the user deletes the StatefulSet. Then the rest goes, and the volumes follow the
 * stack's {@code deletionPolicy} as they would on the stack's deletion. Putting the part back in the spec
 * takes the same objects (and volumes) back.
 *
 * @param statefulSets the data-holding StatefulSets kept, by name
 * @param names every object kept with them, by name (StatefulSets, Secrets, Services, NetworkPolicies)
 */
public record RetainedData(List<String> statefulSets, Set<String> names) {

  public static final RetainedData NONE = new RetainedData(List.of(), Set.of());

  public RetainedData {
    statefulSets = List.copyOf(statefulSets);
    names = Set.copyOf(names);
  }

  public static RetainedData of(AppStack stack, DataTierObserved observed) {
    var spec = stack.getSpec();
    List<String> sets = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    if (spec.redis() == null) {
      for (String set : List.of(Names.redis(stack), Names.redisCluster(stack))) {
        if (observed.statefulSets().containsKey(set)) {
          sets.add(set);
          names.addAll(List.of(set, Names.redis(stack), set.equals(Names.redis(stack))
              ? Names.redisConfig(stack) : Names.redisClusterConfig(stack)));
        }
      }
    }
    boolean managed = spec.database() != null && spec.database().primary().managed() != null;
    String primary = Names.postgres(stack);
    if (!managed && observed.statefulSets().containsKey(primary)) {
      sets.add(primary);
      names.addAll(List.of(primary, Names.postgresInit(stack)));
    }
    return sets.isEmpty() ? NONE : new RetainedData(sets, names);
  }

  /** Whether {@code resource}, which the spec no longer asks for, is kept. */
  public boolean keeps(HasMetadata resource) {
    return names.contains(resource.getMetadata().getName());
  }

  public boolean isEmpty() {
    return statefulSets.isEmpty();
  }
}
