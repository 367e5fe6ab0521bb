package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import java.util.LinkedHashMap;
import java.util.Map;

/** Standard {@code app.kubernetes.io/*} labels plus the stack's own. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "appstack-operator";
  public static final String STACK = "appstack.io/stack";
  public static final String WORKER_POOL = "appstack.io/worker-pool";

  /** Informers watch only what this operator manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  public static final String API = "api";
  public static final String WORKER = "worker";
  public static final String CONNECTIONS = "connections";
  public static final String REDIS = "redis";
  public static final String REDIS_CLUSTER = "redis-cluster";
  public static final String REDIS_JOB = "redis-job";
  public static final String REDIS_EXPORTER = "redis-exporter";
  public static final String POD_MONITOR = "pod-monitor";
  public static final String PGBOUNCER = "pgbouncer";
  public static final String POSTGRES = "postgres";
  public static final String POSTGRES_REPLICA = "postgres-replica";
  /** Generated configuration (redis.conf, pgbouncer.ini, init scripts) and generated credentials. */
  public static final String DATA_CONFIG = "data-config";
  public static final String CREDENTIALS = "credentials";
  public static final String NETWORK_POLICY = "network-policy";

  private Labels() {}

  /** Labels of a child object named {@code instance} playing {@code component} in the stack. */
  public static Map<String, String> of(AppStack stack, String component, String instance) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, component);
    labels.put(INSTANCE, instance);
    labels.put(COMPONENT, component);
    labels.put(PART_OF, stack.getMetadata().getName());
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(STACK, stack.getMetadata().getName());
    return labels;
  }

  /** The immutable Deployment selector: the instance is unique in the namespace. */
  public static Map<String, String> selector(String instance) {
    return Map.of(INSTANCE, instance, MANAGED_BY, OPERATOR);
  }
}
