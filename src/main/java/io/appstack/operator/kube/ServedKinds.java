package io.appstack.operator.kube;

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
 * Whether the API server serves some kinds of another project (CloudNativePG, the Prometheus Operator): API
 * discovery, which needs no RBAC. Once seen it is remembered; while not, the answer is at most 30 s old, so stacks
 * asking do not each cost a discovery request. Kept per API server (tests run several in one JVM).
 */
public final class ServedKinds {
  private static final long RECHECK_NANOS = 30_000_000_000L;
  private static final Map<String, Check> CHECKS = new ConcurrentHashMap<>();

  private record Check(boolean served, long at) {
  }

  private ServedKinds() {}

  /** Whether {@code groupVersion} (e.g. monitoring.coreos.com/v1) serves every one of {@code plurals}. */
  public static boolean served(KubernetesClient client, String groupVersion, List<String> plurals) {
    String key = client.getMasterUrl() + " " + groupVersion + " " + plurals;
    Check last = CHECKS.get(key);
    long now = System.nanoTime();
    if (last != null && (last.served() || now - last.at() < RECHECK_NANOS)) {
      return last.served();
    }
    Check check = new Check(discover(client, groupVersion, plurals), now);
    CHECKS.put(key, check);
    return check.served();
  }

  private static boolean discover(KubernetesClient client, String groupVersion, List<String> plurals) {
    try {
      APIResourceList resources = client.getApiResources(groupVersion);
      if (resources == null || resources.getResources() == null) {
        return false;
      }
      Set<String> names = resources.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
      return names.containsAll(plurals);
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
