package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.DeletionPolicy;
import io.appstack.operator.api.RedisSpec;
import io.appstack.operator.datatier.PgBouncerConfig;
import io.appstack.operator.datatier.PostgresScripts;
import io.appstack.operator.datatier.RedisClusterScripts;
import io.appstack.operator.datatier.RedisConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data tier's desired objects, as pure functions of the stack and the plan. The dependents only
 * pick which of these exist.
 */
final class DataTierResources {
  /** The Redis and PostgreSQL images run as uid/gid 999; set explicitly for the restricted PSS. */
  static final long DATA_UID = 999;
  /** CloudNativePG's PgBouncer image runs as its pgbouncer user, 998; set explicitly for the restricted PSS. */
  static final long PGBOUNCER_UID = 998;
  static final String CONFIG_HASH = "appstack.io/config-hash";
  static final String PGDATA = "/var/lib/postgresql/data/pgdata";
  static final String REDIS_CONF = "redis.conf";
  static final String PGBOUNCER_INI = "pgbouncer.ini";
  static final String USERLIST = "userlist.txt";
  static final String INIT_SCRIPT = "10-appstack.sh";
  static final int BUS_PORT = RedisConfig.PORT + RedisConfig.BUS_PORT_OFFSET;

  private DataTierResources() {}

  // --- configuration Secrets ---------------------------------------------------------------------

  static List<Secret> configSecrets(AppStack stack, DataTierPlan plan) {
    List<Secret> secrets = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    String password = plan.secrets().redisPassword();
    if (redis != null && redis.standaloneWanted()) {
      secrets.add(secret(stack, Names.redisConfig(stack), Labels.REDIS,
          Map.of(REDIS_CONF, RedisConfig.standalone(redisNode(redis.spec()), password))));
    }
    if (redis != null && redis.clusterWanted()) {
      secrets.add(secret(stack, Names.redisClusterConfig(stack), Labels.REDIS_CLUSTER,
          Map.of(REDIS_CONF, RedisConfig.clusterNode(redisNode(redis.spec()), password))));
    }
    if (plan.pgbouncerRuns() && plan.secrets().databaseUser() != null) {
      PgBouncerConfig.Settings settings = pgbouncerSettings(stack, plan);
      Map<String, String> files = new LinkedHashMap<>();
      files.put(PGBOUNCER_INI, PgBouncerConfig.ini(settings));
      files.put(USERLIST, PgBouncerConfig.userlist(plan.secrets().databaseUser(), plan.secrets().databasePassword(),
          settings.authType()));
      secrets.add(secret(stack, Names.pgbouncerConfig(stack), Labels.PGBOUNCER, files));
    }
    if (plan.database() != null && plan.database().managed()) {
      secrets.add(secret(stack, Names.postgresInit(stack), Labels.POSTGRES,
          Map.of(INIT_SCRIPT, PostgresScripts.primaryInit())));
    }
    return secrets;
  }

  static RedisConfig.Node redisNode(RedisSpec spec) {
    return RedisConfig.Node.inPod(spec.maxmemory(), spec.maxmemoryPolicy());
  }

  static PgBouncerConfig.Settings pgbouncerSettings(AppStack stack, DataTierPlan plan) {
    DataTierPlan.Database db = plan.database();
    PgBouncerConfig.Server read = db.readRouted()
        ? new PgBouncerConfig.Server(Names.postgresRead(stack), PostgresScripts.PORT) : null;
    return PgBouncerConfig.fromSpec(db.spec().pgbouncer(), db.name(), new PgBouncerConfig.Server(db.host(), db.port()),
        read, plan.secrets().databaseUser(), "0.0.0.0", PgBouncerConfig.PORT, "/etc/pgbouncer/" + USERLIST);
  }

  private static Secret secret(AppStack stack, String name, String component, Map<String, String> files) {
    Map<String, String> labels = Labels.of(stack, component, name);
    labels.put(Labels.COMPONENT, Labels.DATA_CONFIG);
    Map<String, String> data = new LinkedHashMap<>();
    files.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withMetadata(ChildMetadata.of(stack, name, labels)).withType("Opaque").withData(data)
        .build();
  }

  /** Content hash of a config Secret: a pod template annotation, so a change rolls the pods. */
  static String hash(Secret secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      new java.util.TreeMap<>(secret.getData()).forEach((k, v) -> {
        digest.update(k.getBytes(StandardCharsets.UTF_8));
        digest.update(v.getBytes(StandardCharsets.UTF_8));
      });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String configHash(AppStack stack, DataTierPlan plan, String name) {
    return configSecrets(stack, plan).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
        .map(DataTierResources::hash).orElse("none");
  }

  // --- Redis ---------------------------------------------------------------------------------------

  static List<StatefulSet> redisStatefulSets(AppStack stack, DataTierPlan plan) {
    List<StatefulSet> sets = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    if (redis == null) {
      return sets;
    }
    RedisSpec spec = redis.spec();
    if (redis.standaloneWanted()) {
      String name = Names.redis(stack);
      PodTemplateSpec template = redisTemplate(stack, Labels.REDIS, name, spec, Names.redisConfig(stack),
          configHash(stack, plan, Names.redisConfig(stack)), false);
      sets.add(statefulSet(stack, Labels.REDIS, name, name, plan.standaloneReplicas(), template, spec.storage(), false));
    }
    if (redis.clusterWanted()) {
      String name = Names.redisCluster(stack);
      PodTemplateSpec template = redisTemplate(stack, Labels.REDIS_CLUSTER, name, spec,
          Names.redisClusterConfig(stack), configHash(stack, plan, Names.redisClusterConfig(stack)), true);
      Topology.spreadOverZones(plan.phase(), template.getSpec(), name);
      Topology.oneNodePerHost(plan.phase(), template.getSpec(), name);
      sets.add(statefulSet(stack, Labels.REDIS_CLUSTER, name, name, redis.nodesFor(redis.shards()), template,
          spec.storage(), true));
    }
    return sets;
  }

  private static PodTemplateSpec redisTemplate(AppStack stack, String component, String name, RedisSpec spec,
      String configSecret, String configHash, boolean cluster) {
    List<io.fabric8.kubernetes.api.model.ContainerPort> ports = new ArrayList<>();
    ports.add(new ContainerPortBuilder().withName("redis").withContainerPort(RedisConfig.PORT).withProtocol("TCP").build());
    if (cluster) {
      ports.add(new ContainerPortBuilder().withName("bus").withContainerPort(BUS_PORT).withProtocol("TCP").build());
    }
    Container container = new ContainerBuilder()
        .withName("redis")
        .withImage(spec.image())
        .withCommand("redis-server", "/etc/redis/" + REDIS_CONF)
        .withPorts(ports)
        .withEnv(redisAuth(stack))
        .withResources(requests("100m", "128Mi"))
        .withReadinessProbe(exec(5, "sh", "-c", "redis-cli -h 127.0.0.1 ping | grep -q PONG"))
        .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("redis")).endTcpSocket()
            .withPeriodSeconds(10).withFailureThreshold(6).build())
        .withVolumeMounts(mount("data", "/data"), mount("config", "/etc/redis"), mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    return template(Labels.of(stack, component, name), Map.of(CONFIG_HASH, configHash), DATA_UID, List.of(container),
        List.of(), List.of(secretVolume("config", configSecret), emptyDir("tmp")));
  }

  static List<EnvVar> redisAuth(AppStack stack) {
    return List.of(secretEnv("REDISCLI_AUTH", Names.redis(stack), DataTierSecrets.PASSWORD));
  }

  static List<Job> redisJobs(AppStack stack, DataTierPlan plan) {
    List<Job> jobs = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    if (redis == null || !redis.clusterWanted()) {
      return jobs;
    }
    int perShard = 1 + redis.replicasPerShard();
    if (redis.createJobWanted()) {
      List<String> nodes = DataTierConnections.clusterNodes(stack, redis.nodesFor(redis.createdShards()));
      // Masters first (ordinal k × (1 + replicas)), then their replicas, as redis-cli --cluster create expects.
      List<String> ordered = new ArrayList<>();
      List<String> replicas = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        (i % perShard == 0 ? ordered : replicas).add(nodes.get(i));
      }
      ordered.addAll(replicas);
      jobs.add(job(stack, Names.redisClusterCreateJob(stack), redis, redis.createdShards(),
          RedisClusterScripts.create(ordered, redis.replicasPerShard())));
    }
    if (redis.growJobWanted()) {
      List<String> nodes = DataTierConnections.clusterNodes(stack, redis.nodesFor(redis.shards()));
      List<String> masters = new ArrayList<>();
      List<String> replicas = new ArrayList<>();
      for (int k = redis.createdShards(); k < redis.shards(); k++) {
        masters.add(nodes.get(k * perShard));
        for (int j = 1; j < perShard; j++) {
          replicas.add(nodes.get(k * perShard + j));
        }
      }
      jobs.add(job(stack, Names.redisClusterGrowJob(stack, redis.shards()), redis, redis.shards(),
          RedisClusterScripts.grow(nodes.get(0), masters, replicas, redis.replicasPerShard())));
    }
    if (redis.importJobWanted()) {
      String source = Names.redis(stack) + "." + stack.getMetadata().getNamespace() + ".svc:" + RedisConfig.PORT;
      String target = DataTierConnections.clusterNodes(stack, 1).get(0);
      jobs.add(job(stack, Names.redisImportJob(stack), redis, redis.shards(),
          RedisClusterScripts.importFrom(source, target)));
    }
    return jobs;
  }

  private static Job job(AppStack stack, String name, DataTierPlan.Redis redis, int shards, String script) {
    Container container = new ContainerBuilder()
        .withName("redis-cli")
        .withImage(redis.spec().image())
        .withCommand("/bin/sh", "-c", script)
        .withEnv(redisAuth(stack))
        .withResources(requests("50m", "32Mi"))
        .withVolumeMounts(mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    PodTemplateSpec template = template(Labels.of(stack, Labels.REDIS_JOB, name), Map.of(), DATA_UID,
        List.of(container), List.of(), List.of(emptyDir("tmp")));
    template.getSpec().setRestartPolicy("Never");
    var metadata = ChildMetadata.of(stack, name, Labels.of(stack, Labels.REDIS_JOB, name));
    Job job = new JobBuilder()
        .withMetadata(metadata)
        .withNewSpec()
          .withBackoffLimit(3)
          .withActiveDeadlineSeconds(1800L)
          .withTemplate(template)
        .endSpec()
        .build();
    // Mutable: JOSDK adds its own annotation before creating.
    job.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(DataTierPlan.SHARDS_ANNOTATION, String.valueOf(shards),
        DataTierPlan.REPLICAS_ANNOTATION, String.valueOf(redis.replicasPerShard()),
        RedisJobReplacement.SPEC_HASH, RedisJobReplacement.hash(job.getSpec()))));
    return job;
  }

  // --- PgBouncer --------------------------------------------------------------------------------

  static List<Deployment> pgbouncerDeployments(AppStack stack, DataTierPlan plan) {
    if (!plan.pgbouncerRuns()) {
      return List.of();
    }
    String name = Names.pgbouncer(stack);
    var spec = plan.database().spec().pgbouncer();
    Container container = new ContainerBuilder()
        .withName("pgbouncer")
        .withImage(spec.image())
        .withCommand("pgbouncer", "/etc/pgbouncer/" + PGBOUNCER_INI)
        .withPorts(new ContainerPortBuilder().withName("pgbouncer").withContainerPort(PgBouncerConfig.PORT)
            .withProtocol("TCP").build())
        .withResources(requests("50m", "32Mi"))
        .withReadinessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("pgbouncer")).endTcpSocket()
            .withPeriodSeconds(5).build())
        .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("pgbouncer")).endTcpSocket()
            .withPeriodSeconds(10).withFailureThreshold(6).build())
        .withVolumeMounts(mount("config", "/etc/pgbouncer"), mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    Map<String, String> labels = Labels.of(stack, Labels.PGBOUNCER, name);
    PodTemplateSpec template = template(labels, Map.of(CONFIG_HASH, configHash(stack, plan, Names.pgbouncerConfig(stack))),
        PGBOUNCER_UID, List.of(container), List.of(),
        List.of(secretVolume("config", Names.pgbouncerConfig(stack)), emptyDir("tmp")));
    Topology.spreadOverZones(plan.phase(), template.getSpec(), name);
    return List.of(new DeploymentBuilder()
        .withMetadata(ChildMetadata.of(stack, name, labels))
        .withNewSpec()
          .withReplicas(spec.replicas())
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
          .withTemplate(template)
        .endSpec()
        .build());
  }

  static List<PodDisruptionBudget> pgbouncerDisruptionBudgets(AppStack stack, DataTierPlan plan) {
    if (!plan.pgbouncerRuns()) {
      return List.of();
    }
    String name = Names.pgbouncer(stack);
    return List.of(new PodDisruptionBudgetBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, Labels.PGBOUNCER, name)))
        .withNewSpec()
          .withMaxUnavailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
        .endSpec()
        .build());
  }

  // --- PostgreSQL -------------------------------------------------------------------------------

  static List<StatefulSet> postgresPrimary(AppStack stack, DataTierPlan plan) {
    DataTierPlan.Database db = plan.database();
    if (db == null || !db.managed()) {
      return List.of(); // an existing primary is kept by the dependent, never removed
    }
    var managed = db.spec().primary().managed();
    String name = Names.postgres(stack);
    List<EnvVar> env = new ArrayList<>();
    env.add(secretEnv("POSTGRES_PASSWORD", name, DataTierSecrets.SUPERUSER_PASSWORD));
    env.add(plain("POSTGRES_USER", PostgresScripts.SUPERUSER));
    env.add(plain("POSTGRES_DB", managed.database()));
    env.add(plain("PGDATA", PGDATA));
    env.add(secretEnv("APP_USER", name, DataTierSecrets.USERNAME));
    env.add(secretEnv("APP_PASSWORD", name, DataTierSecrets.PASSWORD));
    env.add(plain("APP_DATABASE", managed.database()));
    env.add(secretEnv("REPLICATION_USER", Names.postgresReplication(stack), DataTierSecrets.USERNAME));
    env.add(secretEnv("REPLICATION_PASSWORD", Names.postgresReplication(stack), DataTierSecrets.PASSWORD));
    Container container = new ContainerBuilder()
        .withName("postgres")
        .withImage(managed.image())
        .withArgs(withPostgres(PostgresScripts.primaryArgs(db.spec().maxConnections())))
        .withPorts(new ContainerPortBuilder().withName("postgres").withContainerPort(PostgresScripts.PORT)
            .withProtocol("TCP").build())
        .withEnv(env)
        .withResources(requests("250m", "256Mi"))
        .withReadinessProbe(exec(5, "pg_isready", "-q", "-h", "/var/run/postgresql", "-U", PostgresScripts.SUPERUSER))
        .withVolumeMounts(mount("data", "/var/lib/postgresql/data"), mount("init", "/docker-entrypoint-initdb.d"),
            mount("run", "/var/run/postgresql"), mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    PodTemplateSpec template = template(Labels.of(stack, Labels.POSTGRES, name), Map.of(), DATA_UID,
        List.of(container), List.of(),
        List.of(secretVolume("init", Names.postgresInit(stack)), emptyDir("run"), emptyDir("tmp")));
    StatefulSet set = statefulSet(stack, Labels.POSTGRES, name, name, 1, template, managed.storage(), false);
    // Template changes (image, max_connections) wait for the next restart someone else makes.
    set.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder()
        .withType("OnDelete").build());
    return List.of(set);
  }

  static List<StatefulSet> postgresReplicas(AppStack stack, DataTierPlan plan) {
    int count = plan.replicasToRun();
    DataTierPlan.Database db = plan.database();
    if (count == 0 || db == null || !db.managed()) {
      return List.of();
    }
    var managed = db.spec().primary().managed();
    String name = Names.postgresReplicas(stack);
    String storage = db.spec().readReplicas().storage() != null ? db.spec().readReplicas().storage() : managed.storage();
    List<EnvVar> bootstrapEnv = List.of(
        plain("PGDATA", PGDATA),
        plain("PRIMARY_HOST", Names.postgres(stack)),
        plain("PRIMARY_PORT", String.valueOf(PostgresScripts.PORT)),
        secretEnv("REPLICATION_USER", Names.postgresReplication(stack), DataTierSecrets.USERNAME),
        secretEnv("PGPASSWORD", Names.postgresReplication(stack), DataTierSecrets.PASSWORD));
    Container bootstrap = new ContainerBuilder()
        .withName("bootstrap")
        .withImage(managed.image())
        .withCommand("/bin/sh", "-c", PostgresScripts.replicaBootstrap())
        .withEnv(bootstrapEnv)
        .withResources(requests("100m", "128Mi"))
        .withVolumeMounts(mount("data", "/var/lib/postgresql/data"), mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    Container standby = new ContainerBuilder()
        .withName("postgres")
        .withImage(managed.image())
        .withArgs(withPostgres(PostgresScripts.standbyArgs(db.spec().maxConnections())))
        .withPorts(new ContainerPortBuilder().withName("postgres").withContainerPort(PostgresScripts.PORT)
            .withProtocol("TCP").build())
        .withEnv(plain("PGDATA", PGDATA),
            secretEnv("PGPASSWORD", Names.postgresReplication(stack), DataTierSecrets.PASSWORD))
        .withResources(requests("250m", "256Mi"))
        .withReadinessProbe(exec(5, "sh", "-c", PostgresScripts.standbyStreamingCheck()))
        .withVolumeMounts(mount("data", "/var/lib/postgresql/data"), mount("run", "/var/run/postgresql"),
            mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    PodTemplateSpec template = template(Labels.of(stack, Labels.POSTGRES_REPLICA, name), Map.of(), DATA_UID,
        List.of(standby), List.of(bootstrap), List.of(emptyDir("run"), emptyDir("tmp")));
    Topology.spreadOverZones(plan.phase(), template.getSpec(), name);
    return List.of(statefulSet(stack, Labels.POSTGRES_REPLICA, name, Names.postgresRead(stack), count, template,
        storage, false));
  }

  private static List<String> withPostgres(List<String> settings) {
    List<String> args = new ArrayList<>();
    args.add("postgres");
    args.addAll(settings);
    return args;
  }

  // --- Services -----------------------------------------------------------------------------------

  static List<Service> services(AppStack stack, DataTierPlan plan) {
    List<Service> services = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    if (redis != null && redis.standaloneWanted()) {
      services.add(service(stack, Labels.REDIS, Names.redis(stack), Names.redis(stack), false,
          port("redis", RedisConfig.PORT)));
    }
    if (redis != null && redis.clusterWanted()) {
      services.add(service(stack, Labels.REDIS_CLUSTER, Names.redisCluster(stack), Names.redisCluster(stack), true,
          port("redis", RedisConfig.PORT), port("bus", BUS_PORT)));
    }
    if (plan.pgbouncerRuns()) {
      services.add(service(stack, Labels.PGBOUNCER, Names.pgbouncer(stack), Names.pgbouncer(stack), false,
          port("pgbouncer", PgBouncerConfig.PORT)));
    }
    DataTierPlan.Database db = plan.database();
    if (db != null && (db.managed() || db.primaryExists())) {
      services.add(service(stack, Labels.POSTGRES, Names.postgres(stack), Names.postgres(stack), false,
          port("postgres", PostgresScripts.PORT)));
    }
    if (plan.replicasToRun() > 0 && db != null && db.managed()) {
      services.add(service(stack, Labels.POSTGRES_REPLICA, Names.postgresRead(stack), Names.postgresReplicas(stack),
          false, port("postgres", PostgresScripts.PORT)));
    }
    return services;
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port))
        .withProtocol("TCP").build();
  }

  private static Service service(AppStack stack, String component, String name, String selects, boolean headless,
      ServicePort... ports) {
    ServiceBuilder builder = new ServiceBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, component, name)))
        .withNewSpec()
          .withSelector(Labels.selector(selects))
          .withPorts(ports)
        .endSpec();
    if (headless) {
      // Stable per-pod DNS for cluster nodes, published before they are ready so they can find each other.
      builder.editSpec().withClusterIP("None").withPublishNotReadyAddresses(true).endSpec();
    }
    return builder.build();
  }

  // --- NetworkPolicies ----------------------------------------------------------------------------

  static List<NetworkPolicy> networkPolicies(AppStack stack, DataTierPlan plan) {
    List<NetworkPolicy> policies = new ArrayList<>();
    if (!stack.getSpec().networkPolicies()) {
      return policies;
    }
    List<String> apps = List.of(Labels.API, Labels.WORKER);
    if (plan.redis() != null) {
      List<NetworkPolicyIngressRule> rules = new ArrayList<>();
      rules.add(from(stack, List.of(Labels.API, Labels.WORKER, Labels.REDIS_JOB, Labels.REDIS_CLUSTER),
          RedisConfig.PORT));
      rules.add(from(stack, List.of(Labels.REDIS_CLUSTER), BUS_PORT));
      policies.add(policy(stack, Names.redis(stack), List.of(Labels.REDIS, Labels.REDIS_CLUSTER), rules));
    }
    DataTierPlan.Database db = plan.database();
    if (db != null && plan.pgbouncerRuns()) {
      policies.add(policy(stack, Names.pgbouncer(stack), List.of(Labels.PGBOUNCER),
          List.of(from(stack, apps, PgBouncerConfig.PORT))));
    }
    if (db != null && (db.managed() || db.primaryExists())) {
      List<String> clients = new ArrayList<>(List.of(Labels.PGBOUNCER, Labels.POSTGRES_REPLICA, Labels.POSTGRES));
      if (!db.pgbouncerRouted() || !plan.appsSettled()) {
        // The apps reach PostgreSQL directly while PgBouncer is off, and while they move to or from it.
        clients.addAll(apps);
      }
      policies.add(policy(stack, Names.postgres(stack), List.of(Labels.POSTGRES, Labels.POSTGRES_REPLICA),
          List.of(from(stack, clients, PostgresScripts.PORT))));
    }
    return policies;
  }

  private static NetworkPolicyIngressRule from(AppStack stack, List<String> components, int port) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom().withNewPodSelector()
          .addToMatchLabels(Labels.STACK, stack.getMetadata().getName())
          .addNewMatchExpression().withKey(Labels.COMPONENT).withOperator("In").withValues(components)
          .endMatchExpression()
        .endPodSelector().endFrom()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort()
        .build();
  }

  private static NetworkPolicy policy(AppStack stack, String name, List<String> components,
      List<NetworkPolicyIngressRule> rules) {
    Map<String, String> labels = Labels.of(stack, Labels.NETWORK_POLICY, name);
    return new NetworkPolicyBuilder()
        .withMetadata(ChildMetadata.of(stack, name, labels))
        .withNewSpec()
          .withNewPodSelector()
            .addToMatchLabels(Labels.STACK, stack.getMetadata().getName())
            .addNewMatchExpression().withKey(Labels.COMPONENT).withOperator("In").withValues(components)
            .endMatchExpression()
          .endPodSelector()
          .withPolicyTypes("Ingress")
          .withIngress(rules)
        .endSpec()
        .build();
  }

  // --- building blocks ------------------------------------------------------------------------

  static StatefulSet statefulSet(AppStack stack, String component, String name, String serviceName, int replicas,
      PodTemplateSpec template, String storage, boolean parallel) {
    String whenDeleted = stack.getSpec().deletionPolicy() == DeletionPolicy.Delete ? "Delete" : "Retain";
    StatefulSetBuilder builder = new StatefulSetBuilder()
        .withMetadata(ChildMetadata.of(stack, name, Labels.of(stack, component, name)))
        .withNewSpec()
          .withReplicas(replicas)
          .withServiceName(serviceName)
          .withPodManagementPolicy(parallel ? "Parallel" : "OrderedReady")
          .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
          .withTemplate(template)
          .withVolumeClaimTemplates(claim(storage))
          // Scaling down keeps volumes; deleting the AppStack keeps them unless deletionPolicy: Delete.
          .withPersistentVolumeClaimRetentionPolicy(new StatefulSetPersistentVolumeClaimRetentionPolicyBuilder()
              .withWhenDeleted(whenDeleted).withWhenScaled("Retain").build())
        .endSpec();
    return builder.build();
  }

  static PersistentVolumeClaim claim(String storage) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withNewResources().addToRequests("storage", new Quantity(storage)).endResources()
        .endSpec()
        .build();
  }

  static PodTemplateSpec template(Map<String, String> labels, Map<String, String> annotations, long uid,
      List<Container> containers, List<Container> initContainers, List<Volume> volumes) {
    PodTemplateSpecBuilder builder = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
        .withNewSpec()
          .withAutomountServiceAccountToken(false)
          .withSecurityContext(podSecurity(uid))
          .withContainers(containers)
          .withVolumes(volumes)
        .endSpec();
    if (!initContainers.isEmpty()) {
      builder.editSpec().withInitContainers(initContainers).endSpec();
    }
    return builder.build();
  }

  /** Restricted PSS at pod level; the image's uid set explicitly, and the volumes' group to match. */
  static PodSecurityContext podSecurity(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements requests(String cpu, String memory) {
    return new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory)).build();
  }

  private static Probe exec(int period, String... command) {
    return new ProbeBuilder().withNewExec().withCommand(command).endExec().withPeriodSeconds(period).build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).withDefaultMode(0440).endSecret()
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
        .endSecretKeyRef().endValueFrom().build();
  }
}
