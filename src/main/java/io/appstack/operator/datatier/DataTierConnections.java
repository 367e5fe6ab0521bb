package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.kube.Names;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The data tier's entries of the connection Secret, as the plan routes them. */
public final class DataTierConnections {
  private DataTierConnections() {}

  public static void put(AppStack stack, DataTierPlan tier, Map<String, String> values) {
    DataTierPlan.Database db = tier.database();
    DataTierSecrets secrets = tier.secrets();
    if (db != null && secrets.databaseUser() != null) {
      String bouncer = db.cnpg() ? Names.cnpgPooler(stack) : Names.pgbouncer(stack);
      String host = db.pgbouncerRouted() ? bouncer : db.host();
      int port = db.pgbouncerRouted() ? (db.cnpg() ? CnpgObjects.PORT : PgBouncerConfig.PORT) : db.port();
      values.put("DATABASE_HOST", host);
      values.put("DATABASE_PORT", String.valueOf(port));
      values.put("DATABASE_NAME", db.name());
      values.put("DATABASE_USER", secrets.databaseUser());
      values.put("DATABASE_PASSWORD", secrets.databasePassword());
      values.put("DATABASE_URL", url(secrets, host, port, db.name()));
      values.put(DataTierPlan.DATABASE_VIA, db.pgbouncerRouted() ? "pgbouncer" : "primary");
      if (db.readRouted() && db.cnpg()) {
        // Through the replicas' Pooler when PgBouncer is on, else straight to CloudNativePG's replicas Service.
        String readHost = db.pgbouncerRouted() ? Names.cnpgReadPooler(stack) : Names.cnpgCluster(stack) + "-ro";
        values.put("DATABASE_READ_HOST", readHost);
        values.put(DataTierPlan.DATABASE_READ_URL, url(secrets, readHost, CnpgObjects.PORT, db.name()));
      } else if (db.readRouted()) {
        String readHost = db.pgbouncerRouted() ? Names.pgbouncer(stack) : Names.postgresRead(stack);
        int readPort = db.pgbouncerRouted() ? PgBouncerConfig.PORT : PostgresScripts.PORT;
        String readDb = db.pgbouncerRouted() ? db.name() + PgBouncerConfig.READ_SUFFIX : db.name();
        values.put("DATABASE_READ_HOST", readHost);
        values.put(DataTierPlan.DATABASE_READ_URL, url(secrets, readHost, readPort, readDb));
      }
    }
    DataTierPlan.Redis redis = tier.redis();
    if (redis != null && secrets.redisPassword() != null) {
      String password = secrets.redisPassword();
      values.put("REDIS_PASSWORD", password);
      values.put("REDIS_PORT", String.valueOf(RedisConfig.PORT));
      if (redis.clusterServes()) {
        String host = Names.redisCluster(stack);
        values.put(DataTierPlan.REDIS_MODE, "cluster");
        values.put("REDIS_HOST", host);
        values.put("REDIS_URL", "redis://:" + password + "@" + host + ":" + RedisConfig.PORT);
        values.put("REDIS_CLUSTER_NODES", String.join(",", clusterNodes(stack, redis.nodesFor(redis.shards()))));
      } else {
        String host = Names.redis(stack);
        values.put(DataTierPlan.REDIS_MODE, "standalone");
        values.put("REDIS_HOST", host);
        values.put("REDIS_URL", "redis://:" + password + "@" + host + ":" + RedisConfig.PORT + "/0");
      }
    }
  }

  /** Stable DNS names of the cluster's pods: {@code <set>-<i>.<headless service>:6379}. */
  public static List<String> clusterNodes(AppStack stack, int count) {
    List<String> nodes = new ArrayList<>();
    String set = Names.redisCluster(stack);
    for (int i = 0; i < count; i++) {
      nodes.add(set + "-" + i + "." + set + "." + stack.getMetadata().getNamespace() + ".svc:" + RedisConfig.PORT);
    }
    return nodes;
  }

  private static String url(DataTierSecrets secrets, String host, int port, String database) {
    return "postgresql://" + encode(secrets.databaseUser()) + ":" + encode(secrets.databasePassword()) + "@" + host
        + ":" + port + "/" + encode(database);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
