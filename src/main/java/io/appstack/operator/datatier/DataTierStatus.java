package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.status.Advisory;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.kube.Conditions;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import io.appstack.operator.scaling.datatier.DataTierAdvisor;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The data tier's part of the status, for the status aggregator to build the status with, once: the Redis,
 * PgBouncer and read replica components, the {@code ConnectionBudget}, {@code ReadReplicas} and {@code Redis}
 * conditions, the advisories, what the stack still waits for and a failure that stops it. Never a secret value:
 * only names, counts and steps.
 */
public final class DataTierStatus {
  public static final String CONNECTION_BUDGET = "ConnectionBudget";
  public static final String READ_REPLICAS = "ReadReplicas";
  public static final String REDIS = "Redis";
  public static final String DATABASE = "Database";

  private DataTierStatus() {}

  /**
   * The data tier as status.
   *
   * @param waiting parts not there yet, in words (the stack is not Ready meanwhile)
   * @param failure why the stack is stuck until someone acts (a failed move Job), or null
   */
  public record Report(ComponentStatus redis, ComponentStatus pgbouncer, ComponentStatus readReplicas,
      ComponentStatus database, List<Condition> conditions, List<String> waiting, String failure,
      List<Advisory> advisories) {
  }

  /** The connection budget for {@code apiReplicas} API pods and {@code workerReplicas} worker pods in all. */
  public static ConnectionBudget budget(DataTierPlan.Database db, int apiReplicas, int workerReplicas) {
    var pgbouncer = db.spec().pgbouncer();
    return new ConnectionBudget(apiReplicas, workerReplicas, db.spec().poolSizePerPod(), db.pgbouncerWanted(),
        pgbouncer.replicas(), pgbouncer.maxClientConn(), pgbouncer.defaultPoolSize(), pgbouncer.reservePoolSize(),
        db.spec().maxConnections(), pgbouncer.poolMode() == io.appstack.operator.api.data.PoolMode.SESSION);
  }

  public static final String REDIS_CLUSTER_ADVICE = "RedisCluster";

  /** From Large, a standalone Redis in Auto gets advice, never a move: the apps' clients must change first. */
  public static List<Advisory> withRedisClusterAdvice(List<Advisory> advisories, DataTierPlan tier) {
    List<Advisory> list = new ArrayList<>(advisories == null ? List.of() : advisories);
    list.removeIf(a -> REDIS_CLUSTER_ADVICE.equals(a.type()));
    if (tier.redisClusterAdvised()) {
      list.add(new Advisory(REDIS_CLUSTER_ADVICE, "the stack is " + tier.phase() + ": Redis Cluster is recommended. "
          + "It changes how clients connect (a cluster-aware client; BullMQ needs a hash-tagged queue prefix such "
          + "as {bull}), so the operator moves only when you set redis.mode: Cluster; the keys are then copied and "
          + "the apps switched once the cluster serves."));
    }
    return list;
  }

  public static final String RETAINED_DATA = "RetainedData";

  /** Data kept after an edit removed its part: what is kept, and how to delete it when it is no longer needed. */
  public static List<Advisory> withRetainedData(List<Advisory> advisories, AppStack stack, DataTierPlan tier) {
    List<Advisory> list = new ArrayList<>(advisories);
    list.removeIf(a -> RETAINED_DATA.equals(a.type()));
    RetainedData retained = tier.retained();
    if (!retained.isEmpty()) {
      String sets = String.join(" ", retained.statefulSets());
      list.add(new Advisory(RETAINED_DATA, "the spec no longer uses StatefulSet " + String.join(", ", retained.statefulSets())
          + ": kept with its volumes and data, untouched (the apps no longer connect to it). Put the part back in "
          + "the spec to use it again, or delete it when its data is no longer needed: kubectl delete statefulset -n "
          + stack.getMetadata().getNamespace() + " " + sets + " (its volumes then follow deletionPolicy: "
          + stack.getSpec().deletionPolicy() + ")."));
    }
    return list;
  }

  /**
   * The report for {@code tier}; {@code budget} is the connection budget of the replicas planned now, {@code caps}
   * the scale-ups it capped, and {@code previous} the advisories the stack shows.
   */
  public static Report report(AppStack stack, DataTierPlan tier, ConnectionBudget budget, List<String> caps,
      Conditions conditions, List<Advisory> previous) {
    List<Condition> extra = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    String failure = null;

    ComponentStatus redis = null;
    DataTierPlan.Redis r = tier.redis();
    if (r != null) {
      redis = new ComponentStatus(null, r.nodes(), null, r.readyNodes(),
          (r.clusterServes() ? "cluster" : "standalone") + ": " + r.message());
      if (r.failedJob() != null) {
        failure = r.message();
        extra.add(conditions.set(REDIS, false, "MoveFailed", r.message()));
      } else if (r.step() != DataTierPlan.RedisStep.Standalone && r.step() != DataTierPlan.RedisStep.Cluster) {
        waiting.add("redis (" + r.step() + ")");
        extra.add(conditions.set(REDIS, false, r.step().name(), r.message()));
      } else if (r.readyNodes() < r.nodes() || (r.clusterWanted() && !r.createJobDone())) {
        waiting.add("redis " + r.readyNodes() + "/" + r.nodes());
        extra.add(conditions.set(REDIS, false, "Progressing", "waiting for " + r.readyNodes() + "/" + r.nodes()
            + " nodes" + (r.clusterWanted() && !r.createJobDone() ? " and the cluster bootstrap Job" : "")));
      } else {
        extra.add(conditions.set(REDIS, true, r.clusterServes() ? "Cluster" : "Standalone", r.message()));
      }
    }

    ComponentStatus pgbouncer = null;
    ComponentStatus replicas = null;
    ComponentStatus database = null;
    List<Advisory> advisories = previous;
    DataTierPlan.Database db = tier.database();
    if (db != null) {
      int bouncers = tier.pgbouncerRuns() ? db.spec().pgbouncer().replicas() : 0;
      pgbouncer = new ComponentStatus(null, bouncers, null, null, db.pgbouncerRouted()
          ? "on: the apps connect through PgBouncer" : db.pgbouncerWanted()
          ? "starting: the apps move to PgBouncer once it is available" : "off in phase " + tier.phase());
      // Not Ready while the apps are sent (or about to be sent) to a PgBouncer with no pod available: a new
      // stack is routed to PgBouncer from the start, before its Deployment exists.
      if ((db.pgbouncerWanted() || db.pgbouncerRouted()) && !db.pgbouncerReady()) {
        waiting.add("pgbouncer");
      }
      if ((db.managed() || db.cnpg()) && !db.primaryReady()) {
        waiting.add("postgres primary");
      }
      if (db.cnpg()) {
        database = cloudNativePg(tier, conditions, extra, waiting);
      }
      int wanted = db.replicasWanted();
      replicas = new ComponentStatus(null, tier.replicasToRun(), db.replicasExisting(), db.replicasReady(),
          db.replicasNeedManagedPrimary() ? "not created: read replicas need a managed primary"
              : wanted > 0 ? db.replicasReady() + "/" + wanted + " streaming" : "none in phase " + tier.phase());
      if (db.replicasNeedManagedPrimary()) {
        extra.add(conditions.set(READ_REPLICAS, false, "NeedsManagedPrimary", "read replicas were asked for but "
            + "database.primary is external: the operator streams replicas only from a primary it runs "
            + "(database.primary.managed). Nothing was created for them; the rest of the stack is unaffected."));
      } else if (wanted > 0 && db.replicasReady() < wanted) {
        waiting.add("read replicas " + db.replicasReady() + "/" + wanted);
        extra.add(conditions.set(READ_REPLICAS, false, "Progressing", db.replicasReady() + "/" + wanted
            + " replicas streaming"));
      } else {
        extra.add(conditions.set(READ_REPLICAS, true, wanted > 0 ? "Streaming" : "NotRequested",
            wanted > 0 ? wanted + "/" + wanted + " replicas streaming" : "no read replicas in phase " + tier.phase()));
      }
      ConnectionBudget.Result result = budget.evaluate();
      if (!caps.isEmpty()) {
        extra.add(conditions.set(CONNECTION_BUDGET, false, "ScaleUpCapped", String.join("; ", caps)));
      } else {
        extra.add(conditions.set(CONNECTION_BUDGET, result.holds(), result.holds() ? "WithinBudget" : "OverBudget",
            result.message()));
      }
      advisories = DataTierAdvisor.advise(tier.inputs().figures()).stream()
          .map(a -> new Advisory(a.type(), a.message())).toList();
    }
    advisories = withRetainedData(withRedisClusterAdvice(advisories, tier), stack, tier);

    return new Report(redis, pgbouncer, replicas, database, extra, waiting, failure, advisories);
  }

  /**
   * CloudNativePG's own account of the cluster, rolled up: its instances and phase as a component, and a
   * {@code Database} condition that is False while it fails over, switches over or is not all ready.
   */
  private static ComponentStatus cloudNativePg(DataTierPlan tier, Conditions conditions, List<Condition> extra,
      List<String> waiting) {
    CnpgObjects.State state = tier.database().cnpgState();
    int wanted = tier.cnpgInstances();
    String phase = state.phase() == null ? "not reported yet" : state.phase();
    String message = "CloudNativePG: " + state.readyInstances() + "/" + wanted + " instances ready, " + phase
        + (state.primary() == null ? "" : ", primary " + state.primary());
    if (!state.clusterExists()) {
      extra.add(conditions.set(DATABASE, false, "Creating", "creating the CloudNativePG Cluster"));
    } else if (state.healthy() && state.readyInstances() >= wanted) {
      extra.add(conditions.set(DATABASE, true, "Healthy", message));
    } else {
      String lower = phase.toLowerCase(java.util.Locale.ROOT);
      String reason = lower.contains("failing over") || lower.contains("switchover") ? "FailingOver"
          : state.readyInstances() < 1 ? "NotReady" : "Progressing";
      extra.add(conditions.set(DATABASE, false, reason, message));
      if (!"Progressing".equals(reason)) {
        waiting.add("database (" + phase + ")");
      }
    }
    return new ComponentStatus(null, wanted, state.instances(), state.readyInstances(), message);
  }
}
