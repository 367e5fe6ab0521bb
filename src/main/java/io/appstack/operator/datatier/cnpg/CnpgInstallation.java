package io.appstack.operator.datatier.cnpg;

import io.appstack.operator.kube.ServedKinds;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Whether CloudNativePG is installed: the API server serves its Cluster, Pooler and ScheduledBackup kinds. */
public final class CnpgInstallation {
  static final List<String> KINDS = List.of("clusters", "poolers", "scheduledbackups");

  private CnpgInstallation() {}

  public static boolean installed(KubernetesClient client) {
    return ServedKinds.served(client, CnpgObjects.GROUP + "/" + CnpgObjects.VERSION, KINDS);
  }

  /** What to install, for a stack that asks for CloudNativePG where it is not. */
  public static String missingMessage() {
    return "CloudNativePG is not installed in this cluster (the API server serves no " + CnpgObjects.GROUP + "/"
        + CnpgObjects.VERSION + " " + String.join(", ", KINDS) + "). Install its operator (for instance its Helm "
        + "chart cloudnative-pg/cloudnative-pg, 1.27 or newer), or use database.primary.external or managed";
  }
}
