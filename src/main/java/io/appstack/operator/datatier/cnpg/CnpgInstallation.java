package io.appstack.operator.datatier.cnpg;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether CloudNativePG is installed: the API server serves its Cluster, Pooler and ScheduledBackup kinds (API
 * discovery, which needs no RBAC). Once seen it is remembered; while not, the answer is at most 30 s old, so stacks
 * asking for it do not each cost a discovery request. Kept per API server (tests run several in one JVM).
 */
public final class CnpgInstallation {
  static final List<String> KINDS = List.of("clusters", "poolers", "scheduledbackups");
  private static final long RECHECK_NANOS = 30_000_000_000L;
  private static final Map<String, Check> CHECKS = new ConcurrentHashMap<>();

  private record Check(boolean installed, long at) {
  }

  private CnpgInstallation() {}

  public static boolean installed(KubernetesClient client) {
    String server = String.valueOf(client.getMasterUrl());
    Check last = CHECKS.get(server);
    long now = System.nanoTime();
    if (last != null && (last.installed() || now - last.at() < RECHECK_NANOS)) {
      return last.installed();
    }
    Check check = new Check(served(client), now);
    CHECKS.put(server, check);
    return check.installed();
  }

  /** What to install, for a stack that asks for CloudNativePG where it is not. */
  public static String missingMessage() {
    return "CloudNativePG is not installed in this cluster (the API server serves no " + CnpgObjects.GROUP + "/"
        + CnpgObjects.VERSION + " " + String.join(", ", KINDS) + "). Install its operator (for instance its Helm "
        + "chart cloudnative-pg/cloudnative-pg, 1.27 or newer), or use database.primary.external or managed";
  }

  private static boolean served(KubernetesClient client) {
    try {
      APIResourceList resources = client.getApiResources(CnpgObjects.GROUP + "/" + CnpgObjects.VERSION);
      if (resources == null || resources.getResources() == null) {
        return false;
      }
      Set<String> names = resources.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
      return names.containsAll(KINDS);
    } catch (KubernetesClientException e) {
      return false;
    }
  }

}
