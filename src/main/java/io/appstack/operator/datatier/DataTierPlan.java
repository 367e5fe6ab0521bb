package io.appstack.operator.datatier;

import static io.appstack.operator.datatier.DataTierObserved.complete;
import static io.appstack.operator.datatier.DataTierObserved.failed;
import static io.appstack.operator.datatier.DataTierObserved.orZero;
import static io.appstack.operator.datatier.DataTierObserved.ready;
import static io.appstack.operator.datatier.DataTierObserved.replicas;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.RedisMode;
import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.api.data.Toggle;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.kube.Names;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;

/**
 * What the data tier should look like now, decided once per reconcile from the spec, the phase and
 * what the cluster shows. The connection Secret is the record of what the apps use: a switch (to
 * PgBouncer, the read pool, the Redis cluster) happens only once its target is ready, and what the
 * apps used before is kept running until they have rolled onto the new Secret.
 */
public record DataTierPlan(String phase, DataTierInputs inputs, DataTierSecrets secrets, Redis redis,
    Database database, RetainedData retained, boolean appsSettled) {

  public static final String CONTEXT_KEY = DataTierPlan.class.getName();
  /** Annotation on the cluster create and grow Jobs: the shard count they form. */
  public static final String SHARDS_ANNOTATION = "appstack.io/redis-shards";
  /** Annotation on the cluster Jobs: the replicas per shard the cluster is formed with (fixed from then on). */
  public static final String REPLICAS_ANNOTATION = "appstack.io/redis-replicas-per-shard";

  /** Connection Secret keys that record which endpoints the apps use (not secret). */
  public static final String REDIS_MODE = "REDIS_MODE";
  public static final String DATABASE_VIA = "DATABASE_VIA";
  public static final String DATABASE_READ_URL = "DATABASE_READ_URL";

  /** The steps of the standalone→cluster move, in order. */
  public enum RedisStep {
    /** No move: standalone serves. */
    Standalone,
    /** The cluster's StatefulSet is starting beside the standalone. */
    ProvisionCluster,
    /** The bootstrap Job forms the cluster. */
    CreateCluster,
    /** The import Job copies every key from the standalone. */
    ImportKeys,
    /** The connection Secret points at the cluster; API and workers roll; the standalone runs on, refusing writes. */
    SwitchConnections,
    /** The apps use the cluster; a Job proves the standalone took no write since the cut-over, then it stops. */
    RetireStandalone,
    /** The cluster serves. */
    Cluster
  }

  /**
   * Redis decisions.
   *
   * @param clusterServes the connection Secret points at the cluster
   * @param clusterWanted the cluster StatefulSet should exist
   * @param shards shard count (never below what runs)
   * @param createdShards shards the create Job formed (fixed once it exists)
   * @param standaloneWanted the standalone should exist (serving, or being moved from)
   * @param standaloneExists its StatefulSet exists
   * @param step where the move is
   * @param failedJob name of the failed Job that stopped the move, or null
   * @param message the step in words
   */
  public record Redis(RedisSpec spec, boolean clusterServes, boolean clusterWanted, int shards, int createdShards,
      boolean standaloneWanted, boolean standaloneExists, boolean clusterReady, boolean createJobWanted,
      boolean createJobDone, boolean importJobWanted, boolean growJobWanted, boolean verifyJobWanted, RedisStep step,
      String failedJob,
      String message, int readyNodes, int nodes, int replicasPerShard) {

    public int nodesFor(int shardCount) {
      return shardCount * (1 + replicasPerShard);
    }
  }

  /** Whether the stack is large enough that Redis Cluster is recommended while it stays standalone (Auto). */
  public boolean redisClusterAdvised() {
    return redis != null && redis.spec().mode() == RedisMode.Auto && !redis.clusterServes() && largeOrAbove(phase);
  }

  /** Database decisions. */
  public record Database(DatabaseSpec spec, boolean managed, String host, int port, String name,
      boolean primaryExists, boolean primaryReady, boolean pgbouncerWanted, boolean pgbouncerRouted,
      boolean pgbouncerWasRouted, boolean pgbouncerExists, boolean pgbouncerReady, int replicasWanted,
      boolean replicasNeedManagedPrimary, int replicasExisting, int replicasReady, boolean readRouted,
      boolean readWasRouted, boolean cnpg, CnpgObjects.State cnpgState) {

    /** PgBouncer is CloudNativePG's Pooler, the primary and replicas its Cluster's instances. */
    public boolean cnpg() {
      return cnpg;
    }
  }

  public static DataTierPlan from(Context<AppStack> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, DataTierPlan.class);
  }

  public void storeIn(Context<AppStack> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  /** The same plan, knowing whether API and workers have rolled out on the connection Secret it produces. */
  public DataTierPlan settled(boolean settled) {
    return new DataTierPlan(phase, inputs, secrets, redis, database, retained, settled);
  }

  /**
   * The plan as the children are built from it: the advisories' figures (status only, and different at almost
   * every poll) left out, so that two polls that would apply the same children compare equal.
   */
  public DataTierPlan asChildrenSee() {
    return new DataTierPlan(phase, new DataTierInputs(inputs.databaseConnectionsHigh(), null), secrets, redis,
        database, retained, appsSettled);
  }

  // --- what runs, given whether the apps have moved ---------------------------------------------

  /** PgBouncer runs when wanted, and stays until the apps no longer use it. */
  public boolean pgbouncerRuns() {
    return database != null && (database.pgbouncerWanted()
        || (database.pgbouncerExists() && (database.pgbouncerWasRouted() || database.pgbouncerRouted() || !appsSettled)));
  }

  /** The operator's own PgBouncer Deployment runs (not with CloudNativePG, whose Pooler replaces it). */
  public boolean ownPgBouncerRuns() {
    return pgbouncerRuns() && !database.cnpg();
  }

  /** CloudNativePG's Pooler runs (false without a database: pgbouncerRuns checks). */
  public boolean poolerRuns() {
    return pgbouncerRuns() && database.cnpg();
  }

  /** CloudNativePG's Pooler of the read replicas runs: PgBouncer is on and replicas run. */
  public boolean readPoolerRuns() {
    return poolerRuns() && replicasToRun() > 0;
  }

  /** Instances of the CloudNativePG Cluster: the primary and the read replicas that run. */
  public int cnpgInstances() {
    return 1 + replicasToRun();
  }

  /** Read replicas to run: the wanted count; when no longer wanted, the existing ones until the apps moved. */
  public int replicasToRun() {
    if (database == null) {
      return 0;
    }
    if (database.replicasWanted() > 0) {
      return database.replicasWanted();
    }
    boolean stillUsed = database.readWasRouted() || database.readRouted() || !appsSettled;
    return database.replicasExisting() > 0 && stillUsed ? database.replicasExisting() : 0;
  }

  /** Standalone Redis pods: 1 while it serves or is moved from; 0 (volume kept) once the apps use the cluster. */
  public int standaloneReplicas() {
    if (redis == null || !redis.standaloneWanted()) {
      return 0;
    }
    boolean retired = redis.clusterServes() && redis.step() == RedisStep.Cluster && appsSettled;
    return retired ? 0 : 1;
  }

  // --- building ------------------------------------------------------------------------------

  public static boolean largeOrAbove(String phase) {
    return "Large".equals(phase) || "Enterprise".equals(phase);
  }

  public static DataTierPlan build(AppStack stack, String phase, DataTierInputs inputs, DataTierSecrets secrets,
      DataTierObserved observed) {
    var spec = stack.getSpec();
    Redis redis = spec.redis() == null ? null : redis(stack, phase, observed);
    Database database = spec.database() == null ? null : database(stack, phase, inputs, secrets, observed);
    return new DataTierPlan(phase, inputs, secrets, redis, database, RetainedData.of(stack, observed), false);
  }

  private static Redis redis(AppStack stack, String phase, DataTierObserved o) {
    RedisSpec spec = stack.getSpec().redis();
    Job create = o.jobs().get(Names.redisClusterCreateJob(stack));
    // Fixed once the cluster is formed: new replicas would be nodes that never join it.
    int replicasPerShard = create == null ? spec.replicasPerShard()
        : annotation(create, REPLICAS_ANNOTATION, spec.replicasPerShard());
    int perShard = 1 + replicasPerShard;
    String servingNow = o.connections() == null ? null : o.connections().get(REDIS_MODE);
    // Only the user moves a stack to Redis Cluster: its clients must change (a cluster-aware client; BullMQ a
    // hash-tagged prefix). In Auto the phase only recommends it (an advisory from Large, DataTierStatus).
    boolean clusterWanted = spec.mode() == RedisMode.Cluster || "cluster".equals(servingNow);

    StatefulSet clusterSet = o.statefulSets().get(Names.redisCluster(stack));
    StatefulSet standaloneSet = o.statefulSets().get(Names.redis(stack));
    int runningShards = clusterSet == null ? 0 : replicas(clusterSet) / perShard;
    int phaseShards = spec.shards() != null ? spec.shards() : "Enterprise".equals(phase) ? 6 : 3;
    int shards = clusterWanted ? Math.max(phaseShards, runningShards) : 0;
    boolean clusterReady = clusterSet != null && replicas(clusterSet) == shards * perShard
        && ready(clusterSet) >= shards * perShard;

    int createdShards = create == null ? shards : annotation(create, SHARDS_ANNOTATION, shards);
    if ("standalone".equals(servingNow) && create != null) {
      shards = createdShards; // the cluster the keys are being copied into keeps its size until it serves
    }
    boolean createDone = complete(create);
    // No new shards while the standalone still serves: the move copies into the cluster as it was formed.
    boolean growWanted = clusterWanted && createDone && shards > createdShards && !"standalone".equals(servingNow);
    Job grow = growWanted ? o.jobs().get(Names.redisClusterGrowJob(stack, shards)) : null;
    Job importJob = o.jobs().get(Names.redisImportJob(stack));
    Job verifyJob = o.jobs().get(Names.redisVerifyJob(stack));

    boolean standaloneExists = standaloneSet != null;
    RedisStep step;
    String failed = null;
    boolean clusterServes;
    boolean importWanted = false;
    boolean verifyWanted = false;
    String message;
    if (!clusterWanted) {
      step = RedisStep.Standalone;
      clusterServes = false;
      message = "standalone serves";
    } else if ("cluster".equals(servingNow) && standaloneSet != null && replicas(standaloneSet) > 0
        && !complete(verifyJob)) {
      // Moved: before the standalone stops, prove it took no write the cluster lacks.
      clusterServes = true;
      step = RedisStep.RetireStandalone;
      verifyWanted = true;
      message = "moved to cluster; once API and workers have rolled, Job " + Names.redisVerifyJob(stack)
          + " checks the standalone took no write since the cut-over, then it stops";
      if (failed(verifyJob)) {
        failed = verifyJob.getMetadata().getName();
        message = "Job " + failed + " failed: the standalone may hold writes the cluster lacks, so it keeps running "
            + "(refusing writes). See the Job's logs; delete the Job to check again";
      }
    } else if (servingNow == null || "cluster".equals(servingNow)) {
      clusterServes = true;
      step = RedisStep.Cluster;
      message = shards + " shards × " + perShard + " nodes";
      if (failed(create)) {
        failed = create.getMetadata().getName();
      } else if (growWanted && failed(grow)) {
        failed = grow.getMetadata().getName();
      }
      if (spec.mode() == RedisMode.Standalone) {
        message += "; a cluster is never moved back to standalone (it would lose keys)";
      }
      if (spec.replicasPerShard() != replicasPerShard) {
        message += "; replicasPerShard stays " + replicasPerShard + ", as the cluster was formed";
      }
    } else {
      // Standalone serves; the cluster is built beside it and the keys are copied before the switch. A finished
      // copy or cluster never goes back a step (a node restarting, more shards asked for): once the copy is done
      // the standalone refuses writes, so the switch must follow.
      clusterServes = false;
      if (complete(importJob)) {
        step = RedisStep.SwitchConnections;
        importWanted = true;
        clusterServes = true;
        message = "move to cluster: keys copied, the standalone refuses writes; connection Secret switched, API and "
            + "workers rolling";
      } else if (!clusterReady && !createDone) {
        step = RedisStep.ProvisionCluster;
        message = "move to cluster: starting " + shards * perShard + " cluster nodes beside the standalone";
      } else if (!createDone) {
        step = RedisStep.CreateCluster;
        message = "move to cluster: forming the cluster (Job " + Names.redisClusterCreateJob(stack) + ")";
        if (failed(create)) {
          failed = create.getMetadata().getName();
        }
      } else {
        step = RedisStep.ImportKeys;
        importWanted = true;
        message = "move to cluster: copying keys from the standalone while it serves, then a short write pause for "
            + "the last changes (Job " + Names.redisImportJob(stack) + ")";
        if (failed(importJob)) {
          failed = importJob.getMetadata().getName();
        }
      }
      if (failed != null) {
        message = "move to cluster stopped at " + step + ": Job " + failed + " failed; the standalone still "
            + "serves. See the Job's logs, then delete it to retry";
      }
    }
    boolean standaloneWanted = !clusterWanted || standaloneExists;
    int nodes = clusterWanted ? shards * perShard : 1;
    int readyNodes = clusterWanted ? (clusterSet == null ? 0 : ready(clusterSet))
        : (standaloneSet == null ? 0 : ready(standaloneSet));
    return new Redis(spec, clusterServes, clusterWanted, shards, createdShards, standaloneWanted, standaloneExists,
        clusterReady, clusterWanted && (clusterReady || create != null), createDone, importWanted, growWanted,
        verifyWanted, step, failed, message, readyNodes, nodes, replicasPerShard);
  }

  private static Database database(AppStack stack, String phase, DataTierInputs inputs, DataTierSecrets secrets,
      DataTierObserved o) {
    DatabaseSpec spec = stack.getSpec().database();
    boolean managed = spec.primary().managed() != null;
    boolean cnpg = spec.primary().cloudNativePG() != null;
    CnpgObjects.State state = o.cnpg();
    String host = managed ? Names.postgres(stack) : cnpg ? Names.cnpgCluster(stack) + "-rw"
        : spec.primary().external().host();
    int port = managed ? PostgresScripts.PORT : cnpg ? CnpgObjects.PORT : spec.primary().external().port();
    String name = managed ? spec.primary().managed().database() : cnpg ? spec.primary().cloudNativePG().database()
        : spec.primary().external().database();
    StatefulSet primarySet = o.statefulSets().get(Names.postgres(stack));
    boolean primaryReady = cnpg ? state.readyInstances() >= 1 && state.primary() != null
        : !managed || (primarySet != null && ready(primarySet) >= 1);

    Map<String, String> now = o.connections();
    boolean fresh = now == null;
    Toggle bouncerMode = spec.pgbouncer().mode();
    boolean bouncerWanted = bouncerMode == Toggle.Enabled || (bouncerMode == Toggle.Auto
        && (!"Small".equals(phase) || inputs.databaseConnectionsHigh()));
    Deployment bouncer = o.deployments().get(Names.pgbouncer(stack));
    boolean bouncerExists = cnpg ? state.poolerExists() : bouncer != null;
    // The Pooler's pods are CloudNativePG's: it serves once it has pods and the primary is ready.
    boolean bouncerReady = cnpg ? state.poolerAvailable() >= 1 && primaryReady
        : bouncer != null && bouncer.getStatus() != null && orZero(bouncer.getStatus().getAvailableReplicas()) >= 1;
    boolean wasRouted = !fresh && "pgbouncer".equals(now.get(DATABASE_VIA));
    boolean routed = bouncerWanted && (fresh || wasRouted || bouncerReady);

    Toggle replicaMode = spec.readReplicas().mode();
    int asked = switch (replicaMode) {
      case Disabled -> 0;
      case Enabled -> spec.readReplicas().count() != null ? spec.readReplicas().count() : 2;
      case Auto -> largeOrAbove(phase) ? (spec.readReplicas().count() != null ? spec.readReplicas().count() : 2) : 0;
    };
    boolean needsManaged = asked > 0 && !managed && !cnpg;
    int replicasWanted = needsManaged ? 0 : asked;
    StatefulSet replicaSet = o.statefulSets().get(Names.postgresReplicas(stack));
    int replicasExisting = cnpg ? Math.max(0, state.instances() - 1) : replicaSet == null ? 0 : replicas(replicaSet);
    int replicasReady = cnpg ? Math.max(0, state.readyInstances() - 1) : replicaSet == null ? 0 : ready(replicaSet);
    boolean readWasRouted = !fresh && now.containsKey(DATABASE_READ_URL);
    // With CloudNativePG and PgBouncer on, reads go through the replicas' own Pooler once it serves.
    boolean readPathReady = !cnpg || !routed || state.readPoolerAvailable() >= 1;
    boolean readRouted = replicasWanted > 0 && (readWasRouted || (replicasReady >= 1 && readPathReady));
    return new Database(spec, managed, host, port, name, primarySet != null, primaryReady, bouncerWanted, routed,
        wasRouted, bouncerExists, bouncerReady, replicasWanted, needsManaged, replicasExisting, replicasReady,
        readRouted, readWasRouted, cnpg, state);
  }

  /** A count the operator wrote on a Job; {@code fallback} if absent, not a number or out of the spec's bounds. */
  private static int annotation(Job job, String key, int fallback) {
    try {
      return Optional.ofNullable(job.getMetadata().getAnnotations()).map(a -> a.get(key))
          .map(Integer::parseInt).filter(n -> n >= 0 && n <= 100).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
