package io.appstack.operator.kube;

import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;

/** Enterprise placement: pods spread over zones; Redis cluster nodes never share a node. */
public final class Topology {
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String HOSTNAME = "kubernetes.io/hostname";

  private Topology() {}

  public static boolean enterprise(String phase) {
    return "Enterprise".equals(phase);
  }

  /**
   * From Enterprise: at most one pod of difference between zones. ScheduleAnyway, so a cluster with
   * fewer zones still runs every pod.
   */
  public static void spreadOverZones(String phase, PodSpec spec, String instance) {
    if (!enterprise(phase)) {
      return;
    }
    var constraints = new ArrayList<>(spec.getTopologySpreadConstraints() == null ? java.util.List.of()
        : spec.getTopologySpreadConstraints());
    constraints.add(new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(ZONE)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withNewLabelSelector().withMatchLabels(Labels.selector(instance)).endLabelSelector()
        .build());
    spec.setTopologySpreadConstraints(constraints);
  }

  /**
   * From Enterprise: no two Redis cluster nodes on one Kubernetes node, so a master and its replica
   * never fail together (roles move on failover, so every pair is kept apart).
   */
  public static void oneNodePerHost(String phase, PodSpec spec, String instance) {
    if (!enterprise(phase)) {
      return;
    }
    spec.setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder()
        .withPodAntiAffinity(new PodAntiAffinityBuilder()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
              .withTopologyKey(HOSTNAME)
              .withNewLabelSelector().withMatchLabels(Labels.selector(instance)).endLabelSelector()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .build())
        .build());
  }
}
