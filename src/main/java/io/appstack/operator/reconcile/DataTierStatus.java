package io.appstack.operator.reconcile;

import io.appstack.operator.api.Advisory;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackStatus;
import io.appstack.operator.api.ComponentStatus;
import io.appstack.operator.api.ComponentsStatus;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.scaling.ConnectionBudget;
import io.appstack.operator.scaling.DataTierAdvisor;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds the data tier to a status the {@link StatusAggregator} made: the Redis, PgBouncer and read
 * replica components, the {@code ConnectionBudget}, {@code ReadReplicas} and {@code Redis}
 * conditions, advisories, and Ready/Reconciling/Stalled while the data tier is not there yet.
 * Never a secret value: only names, counts and steps.
 */
final class DataTierStatus {
  static final String CONNECTION_BUDGET = "ConnectionBudget";
  static final String READ_REPLICAS = "ReadReplicas";
  static final String REDIS = "Redis";

  private final Clock clock;

  DataTierStatus(Clock clock) {
    this.clock = clock;
  }

  /** API and every worker pool run pods made from the connection Secret {@code plan} produces. */
  static boolean appsSettled(AppStack stack, StackPlan plan, Map<String, Deployment> deployments) {
    String hash = plan.connections().hash();
    if (!onHash(deployments.get(Names.api(stack)), hash, plan.apiReplicas())) {
      return false;
    }
    for (WorkerSpec worker : stack.getSpec().workers()) {
      if (!onHash(deployments.get(Names.worker(stack, worker.name())), hash, plan.workerReplicas(worker.name()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean onHash(Deployment deployment, String hash, int replicas) {
    if (deployment == null || deployment.getSpec().getTemplate().getMetadata() == null
        || deployment.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
      return false;
    }
    return hash.equals(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONNECTIONS_HASH))
        && StatusAggregator.isRolledOut(deployment, replicas);
  }

  /** The connection budget for the replicas {@code plan} runs now. */
  static ConnectionBudget budget(AppStack stack, StackPlan plan, DataTierPlan.Database db) {
    int workers = plan.workerReplicas().values().stream().mapToInt(Integer::intValue).sum();
    var pgbouncer = db.spec().pgbouncer();
    return new ConnectionBudget(plan.apiReplicas(), workers, db.spec().poolSizePerPod(), db.pgbouncerWanted(),
        pgbouncer.replicas(), pgbouncer.maxClientConn(), pgbouncer.defaultPoolSize(), pgbouncer.reservePoolSize(),
        db.spec().maxConnections(), pgbouncer.poolMode() == io.appstack.operator.api.PoolMode.SESSION);
  }

  static final String REDIS_CLUSTER_ADVICE = "RedisCluster";

  /** From Large, a standalone Redis in Auto gets advice, never a move: the apps' clients must change first. */
  static List<Advisory> withRedisClusterAdvice(List<Advisory> advisories, DataTierPlan tier) {
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

  static final String RETAINED_DATA = "RetainedData";

  /** Data kept after an edit removed its part: what is kept, and how to delete it when it is no longer needed. */
  static List<Advisory> withRetainedData(List<Advisory> advisories, AppStack stack, DataTierPlan tier) {
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

  AppStackStatus apply(AppStack stack, AppStackStatus status, StackPlan plan, DataTierPlan tier) {
    // Transition times come from the status the stack has now: the aggregated one lacks this class's
    // conditions, and judging against it would restamp them (and patch status) on every reconcile.
    List<Condition> previous = stack.getStatus() == null ? List.of() : stack.getStatus().conditions();
    Conditions conditions = new Conditions(previous, stack.getMetadata().getGeneration(), clock.instant());
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
    List<Advisory> advisories = status.advisories();
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
      if (db.managed() && !db.primaryReady()) {
        waiting.add("postgres primary");
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
      ConnectionBudget.Result budget = budget(stack, plan, db).evaluate();
      if (!plan.budgetCaps().isEmpty()) {
        extra.add(conditions.set(CONNECTION_BUDGET, false, "ScaleUpCapped", String.join("; ", plan.budgetCaps())));
      } else {
        extra.add(conditions.set(CONNECTION_BUDGET, budget.holds(), budget.holds() ? "WithinBudget" : "OverBudget",
            budget.message()));
      }
      advisories = DataTierAdvisor.advise(tier.inputs().figures()).stream()
          .map(a -> new Advisory(a.type(), a.message())).toList();
    }
    advisories = withRetainedData(withRedisClusterAdvice(advisories, tier), stack, tier);

    List<Condition> list = new ArrayList<>();
    for (Condition c : status.conditions()) {
      if (List.of(CONNECTION_BUDGET, READ_REPLICAS, REDIS).contains(c.getType())) {
        continue;
      }
      boolean wasReady = "Ready".equals(c.getReason());
      if (failure != null && c.getType().equals(Conditions.READY)) {
        c = conditions.set(Conditions.READY, false, "RedisMoveFailed", failure);
      } else if (failure != null && c.getType().equals(Conditions.STALLED)) {
        c = conditions.set(Conditions.STALLED, true, "RedisMoveFailed", failure);
      } else if (failure != null && c.getType().equals(Conditions.RECONCILING)) {
        c = conditions.set(Conditions.RECONCILING, false, "RedisMoveFailed", "waiting for the failed Job to be "
            + "deleted");
      } else if (!waiting.isEmpty() && wasReady && c.getType().equals(Conditions.READY)) {
        c = conditions.set(Conditions.READY, false, "Progressing", "waiting for " + String.join(", ", waiting));
      } else if (!waiting.isEmpty() && wasReady && c.getType().equals(Conditions.RECONCILING)) {
        c = conditions.set(Conditions.RECONCILING, true, "Progressing", "waiting for " + String.join(", ", waiting));
      }
      list.add(c);
    }
    list.addAll(extra);
    ComponentsStatus old = status.components();
    ComponentsStatus components = new ComponentsStatus(old == null ? null : old.api(),
        old == null ? null : old.workers(), redis, pgbouncer, replicas);
    return new AppStackStatus(status.observedGeneration(), status.phase(), list, status.summary(), components,
        status.scaling(), status.connectionSecret(), advisories);
  }
}
