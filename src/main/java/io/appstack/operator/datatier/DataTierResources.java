package io.appstack.operator.datatier;

import static io.appstack.operator.datatier.DataTierPods.*;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
 * The data tier's desired objects, as pure functions of the stack and the plan (Redis's in {@link RedisResources},
 * PostgreSQL's in {@link PostgresResources}, the pod building blocks in {@link DataTierPods}). The dependents only pick which of these exist.
 */
public final class DataTierResources {
  /** The Redis and PostgreSQL images run as uid/gid 999; set explicitly for the restricted PSS. */
  public static final long DATA_UID = 999;
  /** CloudNativePG's PgBouncer image runs as its pgbouncer user, 998; set explicitly for the restricted PSS. */
  public static final long PGBOUNCER_UID = 998;
  public static final String CONFIG_HASH = "appstack.io/config-hash";
  public static final String PGDATA = "/var/lib/postgresql/data/pgdata";
  public static final String REDIS_CONF = "redis.conf";
  public static final String PGBOUNCER_INI = "pgbouncer.ini";
  public static final String USERLIST = "userlist.txt";
  public static final String INIT_SCRIPT = "10-appstack.sh";
  public static final int BUS_PORT = RedisConfig.PORT + RedisConfig.BUS_PORT_OFFSET;

  private DataTierResources() {}

  // --- configuration Secrets ---------------------------------------------------------------------

  public static List<Secret> configSecrets(AppStack stack, DataTierPlan plan) {
    List<Secret> secrets = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    String password = plan.secrets().redisPassword();
    if (redis != null && redis.standaloneWanted()) {
      secrets.add(standaloneConfig(stack, redis, password, redis.clusterServes()));
    }
    if (redis != null && redis.clusterWanted()) {
      secrets.add(secret(stack, Names.redisClusterConfig(stack), Labels.REDIS_CLUSTER,
          Map.of(REDIS_CONF, RedisConfig.clusterNode(redisNode(redis.spec()), password))));
    }
    if (plan.ownPgBouncerRuns() && plan.secrets().databaseUser() != null) {
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

  public static RedisConfig.Node redisNode(RedisSpec spec) {
    return RedisConfig.Node.inPod(spec.maxmemory(), spec.maxmemoryPolicy());
  }

  public static PgBouncerConfig.Settings pgbouncerSettings(AppStack stack, DataTierPlan plan) {
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
  /**
   * The standalone's configuration Secret; {@code moved} once its data moved to the cluster (see
   * {@link RedisConfig#standalone(RedisConfig.Node, String, boolean)}).
   */
  static Secret standaloneConfig(AppStack stack, DataTierPlan.Redis redis, String password, boolean moved) {
    return secret(stack, Names.redisConfig(stack), Labels.REDIS,
        Map.of(REDIS_CONF, RedisConfig.standalone(redisNode(redis.spec()), password, moved)));
  }

  public static String hash(Secret secret) {
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

  public static String configHash(AppStack stack, DataTierPlan plan, String name) {
    return configSecrets(stack, plan).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
        .map(DataTierResources::hash).orElse("none");
  }

  // --- PgBouncer --------------------------------------------------------------------------------

  public static List<Deployment> pgbouncerDeployments(AppStack stack, DataTierPlan plan) {
    if (!plan.ownPgBouncerRuns()) {
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

  public static List<PodDisruptionBudget> pgbouncerDisruptionBudgets(AppStack stack, DataTierPlan plan) {
    if (!plan.ownPgBouncerRuns()) {
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

  // --- Services -----------------------------------------------------------------------------------

  public static List<Service> services(AppStack stack, DataTierPlan plan) {
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
    if (plan.ownPgBouncerRuns()) {
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

  public static List<NetworkPolicy> networkPolicies(AppStack stack, DataTierPlan plan) {
    List<NetworkPolicy> policies = new ArrayList<>();
    if (!stack.getSpec().networkPolicies()) {
      return policies;
    }
    List<String> apps = List.of(Labels.API, Labels.WORKER);
    if (plan.redis() != null) {
      List<NetworkPolicyIngressRule> rules = new ArrayList<>();
      rules.add(from(stack, List.of(Labels.API, Labels.WORKER, Labels.REDIS_JOB, Labels.REDIS_CLUSTER,
          Labels.REDIS_EXPORTER), RedisConfig.PORT));
      rules.add(from(stack, List.of(Labels.REDIS_CLUSTER), BUS_PORT));
      policies.add(policy(stack, Names.redis(stack), List.of(Labels.REDIS, Labels.REDIS_CLUSTER), rules));
    }
    DataTierPlan.Database db = plan.database();
    if (db != null && plan.ownPgBouncerRuns()) {
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
}
