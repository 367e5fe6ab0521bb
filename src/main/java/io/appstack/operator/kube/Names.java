package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;

/** The one place child object names are made. */
public final class Names {
  /** Children's names are used as label values and Service names: DNS-1035 labels of at most 63 characters. */
  public static final int MAX_LENGTH = 63;

  private Names() {}

  public static String api(AppStack stack) {
    return stack.getMetadata().getName() + "-api";
  }

  public static String worker(AppStack stack, String pool) {
    return stack.getMetadata().getName() + "-worker-" + pool;
  }

  public static String connectionSecret(AppStack stack) {
    return stack.getMetadata().getName() + "-connections";
  }

  // --- data tier --------------------------------------------------------------------------------

  /** Standalone Redis: StatefulSet and Service; also the generated password Secret. */
  public static String redis(AppStack stack) {
    return stack.getMetadata().getName() + "-redis";
  }

  /** Redis cluster: StatefulSet and headless Service. */
  public static String redisCluster(AppStack stack) {
    return stack.getMetadata().getName() + "-redis-cluster";
  }

  public static String redisConfig(AppStack stack) {
    return redis(stack) + "-config";
  }

  public static String redisClusterConfig(AppStack stack) {
    return redisCluster(stack) + "-config";
  }

  public static String redisClusterCreateJob(AppStack stack) {
    return redisCluster(stack) + "-create";
  }

  public static String redisClusterGrowJob(AppStack stack, int shards) {
    return redisCluster(stack) + "-grow-" + shards;
  }

  public static String redisImportJob(AppStack stack) {
    return redis(stack) + "-import";
  }

  /** Checks the standalone took no write since the move's cut-over, before it stops. */
  public static String redisVerifyJob(AppStack stack) {
    return redis(stack) + "-verify";
  }

  /** The PodMonitor that has the Prometheus Operator scrape the stack's pods. */
  public static String podMonitor(AppStack stack) {
    return stack.getMetadata().getName() + "-pods";
  }

  /** The exporter reporting the length of the pools' queue lists (queueBackend: redisList). */
  public static String redisExporter(AppStack stack) {
    return redis(stack) + "-exporter";
  }

  /** CloudNativePG Cluster; CloudNativePG names its pods, Services (-rw, -ro) and app Secret (-app) after it. */
  public static String cnpgCluster(AppStack stack) {
    return stack.getMetadata().getName() + "-pg";
  }

  /** CloudNativePG Pooler (PgBouncer) and its Service. */
  public static String cnpgPooler(AppStack stack) {
    return cnpgCluster(stack) + "-pooler";
  }

  /** CloudNativePG Pooler (PgBouncer) of the read replicas ({@code ro}) and its Service. */
  public static String cnpgReadPooler(AppStack stack) {
    return cnpgPooler(stack) + "-ro";
  }

  /** CloudNativePG ScheduledBackup. */
  public static String cnpgBackup(AppStack stack) {
    return cnpgCluster(stack) + "-backup";
  }

  /** PgBouncer Deployment, Service and PodDisruptionBudget. */
  public static String pgbouncer(AppStack stack) {
    return stack.getMetadata().getName() + "-pgbouncer";
  }

  public static String pgbouncerConfig(AppStack stack) {
    return pgbouncer(stack) + "-config";
  }

  /** Managed primary StatefulSet and Service; also its generated credentials Secret. */
  public static String postgres(AppStack stack) {
    return stack.getMetadata().getName() + "-postgres";
  }

  public static String postgresInit(AppStack stack) {
    return postgres(stack) + "-init";
  }

  public static String postgresReplication(AppStack stack) {
    return postgres(stack) + "-replication";
  }

  /** Read replicas StatefulSet. */
  public static String postgresReplicas(AppStack stack) {
    return postgres(stack) + "-replica";
  }

  /** The Service in front of the read replicas. */
  public static String postgresRead(AppStack stack) {
    return postgres(stack) + "-read";
  }
}
