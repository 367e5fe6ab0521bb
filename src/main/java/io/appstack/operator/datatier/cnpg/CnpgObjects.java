package io.appstack.operator.datatier.cnpg;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.DeletionPolicy;
import io.appstack.operator.api.data.BackupSpec;
import io.appstack.operator.api.data.CloudNativePgPrimary;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.PgBouncerSpec;
import io.appstack.operator.api.data.PoolMode;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudNativePG objects the operator writes, as pure functions of the stack and the phase: only the fields it
 * owns (CloudNativePG defaults the rest), and the parts of their status it reads.
 */
public final class CnpgObjects {
  public static final String GROUP = "postgresql.cnpg.io";
  public static final String VERSION = "v1";
  /** The port of CloudNativePG's Services and Pooler. */
  public static final int PORT = 5432;
  /** CloudNativePG's label on the pods of a cluster. */
  static final String CLUSTER_LABEL = "cnpg.io/cluster";
  /** Cluster.status.phase when all is well. */
  public static final String HEALTHY = "Cluster in healthy state";

  private CnpgObjects() {}

  /** Instances: the primary and the phase's read replicas. */
  public static CnpgCluster cluster(AppStack stack, String phase, int instances) {
    DatabaseSpec db = stack.getSpec().database();
    CloudNativePgPrimary primary = db.primary().cloudNativePG();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("instances", instances);
    if (primary.imageName() != null) {
      spec.put("imageName", primary.imageName());
    }
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("size", primary.storage());
    if (primary.storageClass() != null) {
      storage.put("storageClass", primary.storageClass());
    }
    spec.put("storage", storage);
    spec.put("bootstrap", Map.of("initdb", Map.of("database", primary.database(), "owner", primary.owner())));
    spec.put("postgresql", Map.of("parameters", Map.of("max_connections", String.valueOf(db.maxConnections()))));
    if (primary.cpu() != null || primary.memory() != null) {
      Map<String, Object> requests = new LinkedHashMap<>();
      Map<String, Object> resources = new LinkedHashMap<>();
      if (primary.cpu() != null) {
        requests.put("cpu", primary.cpu());
      }
      if (primary.memory() != null) {
        requests.put("memory", primary.memory());
        resources.put("limits", Map.of("memory", primary.memory()));
      }
      resources.put("requests", requests);
      spec.put("resources", resources);
    }
    if (Topology.enterprise(phase)) {
      // As the operator's own data pods: instances on different hosts, spread over zones.
      String name = Names.cnpgCluster(stack);
      spec.put("affinity", Map.of("enablePodAntiAffinity", true, "topologyKey", "kubernetes.io/hostname",
          "podAntiAffinityType", "required"));
      spec.put("topologySpreadConstraints", List.of(Map.of("maxSkew", 1, "topologyKey", Topology.ZONE,
          "whenUnsatisfiable", "ScheduleAnyway", "labelSelector", Map.of("matchLabels", Map.of(CLUSTER_LABEL, name)))));
    }
    if (db.backup() != null) {
      spec.put("backup", backup(db.backup()));
    }
    CnpgCluster cluster = new CnpgCluster();
    cluster.setMetadata(metadata(stack, Names.cnpgCluster(stack), Labels.POSTGRES));
    // Its volumes go with the Cluster: it is the stack's (garbage collected with it) only while deletionPolicy is
    // Delete; with Retain it outlives the stack, found again by its labels.
    if (stack.getSpec().deletionPolicy() != DeletionPolicy.Delete) {
      cluster.getMetadata().setOwnerReferences(null);
    }
    cluster.setSpec(spec);
    return cluster;
  }

  private static Map<String, Object> backup(BackupSpec backup) {
    BackupSpec.ObjectStoreSpec store = backup.objectStore();
    Map<String, Object> barman = new LinkedHashMap<>();
    barman.put("destinationPath", store.destinationPath());
    if (store.endpointURL() != null) {
      barman.put("endpointURL", store.endpointURL());
    }
    String secret = store.s3Credentials().secretName();
    barman.put("s3Credentials", Map.of(
        "accessKeyId", Map.of("name", secret, "key", store.s3Credentials().accessKeyIdKey()),
        "secretAccessKey", Map.of("name", secret, "key", store.s3Credentials().secretAccessKeyKey())));
    return Map.of("barmanObjectStore", barman, "retentionPolicy", backup.retention());
  }

  /** PgBouncer in front of the primary ({@code rw}), sized and configured like the operator's own PgBouncer. */
  public static CnpgPooler pooler(AppStack stack) {
    return pooler(stack, false);
  }

  /**
   * PgBouncer in front of the read replicas ({@code ro}), sized as the primary's: the budget's server side holds for
   * each replica as for the primary (same max_connections).
   */
  public static CnpgPooler readPooler(AppStack stack) {
    return pooler(stack, true);
  }

  private static CnpgPooler pooler(AppStack stack, boolean read) {
    PgBouncerSpec bouncer = stack.getSpec().database().pgbouncer();
    // Values the spec bounds (CloudNativePG checks only the parameter names).
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("default_pool_size", String.valueOf(bouncer.defaultPoolSize()));
    parameters.put("max_client_conn", String.valueOf(bouncer.maxClientConn()));
    parameters.put("reserve_pool_size", String.valueOf(bouncer.reservePoolSize()));
    if (bouncer.poolMode() == PoolMode.TRANSACTION && bouncer.maxPreparedStatements() > 0) {
      parameters.put("max_prepared_statements", String.valueOf(bouncer.maxPreparedStatements()));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("cluster", Map.of("name", Names.cnpgCluster(stack)));
    spec.put("instances", bouncer.replicas());
    spec.put("type", read ? "ro" : "rw");
    spec.put("pgbouncer", Map.of("poolMode", bouncer.poolMode() == PoolMode.SESSION ? "session" : "transaction",
        "parameters", parameters));
    CnpgPooler pooler = new CnpgPooler();
    pooler.setMetadata(metadata(stack, read ? Names.cnpgReadPooler(stack) : Names.cnpgPooler(stack), Labels.PGBOUNCER));
    pooler.setSpec(spec);
    return pooler;
  }

  /** Base backups on the spec's schedule; each Backup belongs to the Cluster, so it outlives this object. */
  public static CnpgScheduledBackup scheduledBackup(AppStack stack) {
    BackupSpec backup = stack.getSpec().database().backup();
    CnpgScheduledBackup scheduled = new CnpgScheduledBackup();
    scheduled.setMetadata(metadata(stack, Names.cnpgBackup(stack), Labels.POSTGRES));
    scheduled.setSpec(Map.of("schedule", backup.schedule(), "cluster", Map.of("name", Names.cnpgCluster(stack)),
        "backupOwnerReference", "cluster", "method", "barmanObjectStore"));
    return scheduled;
  }

  private static ObjectMeta metadata(AppStack stack, String name, String component) {
    return ChildMetadata.of(stack, name, Labels.of(stack, component, name));
  }

  /**
   * What CloudNativePG reports.
   *
   * @param instances instances it runs (status.instances)
   * @param readyInstances instances ready
   * @param phase its phase in words ("Cluster in healthy state", "Failing over", ...), or null before it wrote one
   * @param primary the current primary's pod
   * @param poolerAvailable the Pooler's available pods (0 without a Pooler)
   * @param readPoolerAvailable the read replicas' Pooler's available pods (0 without one)
   */
  public record State(boolean clusterExists, int instances, int readyInstances, String phase, String primary,
      boolean poolerExists, int poolerAvailable, int readPoolerAvailable) {
    public static final State NONE = new State(false, 0, 0, null, null, false, 0, 0);

    public static State of(CnpgCluster cluster, CnpgPooler pooler, int poolerAvailable, int readPoolerAvailable) {
      Map<String, Object> status = cluster == null || cluster.getStatus() == null ? Map.of() : cluster.getStatus();
      return new State(cluster != null, number(status.get("instances")), number(status.get("readyInstances")),
          status.get("phase") instanceof String s ? s : null,
          status.get("currentPrimary") instanceof String s ? s : null,
          pooler != null, pooler == null ? 0 : Math.max(0, poolerAvailable), Math.max(0, readPoolerAvailable));
    }

    public boolean healthy() {
      return HEALTHY.equals(phase);
    }

    private static int number(Object value) {
      return value instanceof Number n ? Math.max(0, (int) Math.min(Integer.MAX_VALUE, n.longValue())) : 0;
    }
  }
}
