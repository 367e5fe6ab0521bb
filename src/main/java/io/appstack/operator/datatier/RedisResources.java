package io.appstack.operator.datatier;

import static io.appstack.operator.datatier.DataTierPods.*;
import static io.appstack.operator.datatier.DataTierResources.*;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.data.RedisSpec;
import io.appstack.operator.datatier.move.RedisMoveMain;
import io.appstack.operator.kube.ChildMetadata;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redis: the standalone and cluster StatefulSets, and the Jobs that form, grow and fill the cluster. */
public final class RedisResources {
  private RedisResources() {}

  public static List<StatefulSet> redisStatefulSets(AppStack stack, DataTierPlan plan) {
    List<StatefulSet> sets = new ArrayList<>();
    DataTierPlan.Redis redis = plan.redis();
    if (redis == null) {
      return sets;
    }
    RedisSpec spec = redis.spec();
    if (redis.standaloneWanted()) {
      String name = Names.redis(stack);
      // Hashed without the refusal a move adds: the standalone is not restarted for it (the running server already
      // refuses; the file makes a restart refuse too).
      String hash = hash(standaloneConfig(stack, redis, plan.secrets().redisPassword(), false));
      PodTemplateSpec template = redisTemplate(stack, Labels.REDIS, name, spec, Names.redisConfig(stack), hash, false);
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

  public static List<EnvVar> redisAuth(AppStack stack) {
    return List.of(secretEnv("REDISCLI_AUTH", Names.redis(stack), DataTierSecrets.PASSWORD));
  }

  public static List<Job> redisJobs(AppStack stack, DataTierPlan plan) {
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
          script(redis, RedisClusterScripts.create(ordered, redis.replicasPerShard()))));
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
          script(redis, RedisClusterScripts.grow(nodes.get(0), masters, replicas, redis.replicasPerShard()))));
    }
    if (redis.importJobWanted()) {
      jobs.add(job(stack, Names.redisImportJob(stack), redis, redis.shards(), mover(stack, RedisMoveMain.MOVE)));
    }
    // Only once no old pod is left: the check covers the standalone's whole life after the cut-over.
    if (redis.verifyJobWanted() && plan.appsSettled()) {
      jobs.add(job(stack, Names.redisVerifyJob(stack), redis, redis.shards(), mover(stack, RedisMoveMain.VERIFY)));
    }
    return jobs;
  }

  /** A Job's one container and the uid its image runs as. */
  private record JobContainer(long uid, Container container) {
  }

  /** A Job container running a script with redis-cli, in the stack's Redis image. */
  private static JobContainer script(DataTierPlan.Redis redis, String script) {
    return new JobContainer(DATA_UID, new ContainerBuilder()
        .withName("redis-cli")
        .withImage(redis.spec().image())
        .withCommand("/bin/sh", "-c", script)
        .withResources(requests("50m", "32Mi"))
        .build());
  }

  /** A Job container running the move ({@link RedisMoveMain}) from the operator's own image, without the operator. */
  private static JobContainer mover(AppStack stack, String mode) {
    String source = Names.redis(stack) + "." + stack.getMetadata().getNamespace() + ".svc:" + RedisConfig.PORT;
    String target = DataTierConnections.clusterNodes(stack, 1).get(0);
    return new JobContainer(MoveImage.UID, new ContainerBuilder()
        .withName("redis-move")
        .withImage(MoveImage.get())
        .withCommand("java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=70", "-Djava.io.tmpdir=/tmp",
            "-cp", MoveImage.CLASSPATH, RedisMoveMain.class.getName(), mode)
        .withEnv(new EnvVar("SOURCE", source, null), new EnvVar("TARGET", target, null))
        .withResources(new ResourceRequirementsBuilder(requests("100m", "192Mi"))
            .addToLimits("memory", new Quantity("256Mi")).build())
        .build());
  }

  private static Job job(AppStack stack, String name, DataTierPlan.Redis redis, int shards, JobContainer spec) {
    Container container = new ContainerBuilder(spec.container())
        .addAllToEnv(redisAuth(stack))
        .withVolumeMounts(mount("tmp", "/tmp"))
        .withSecurityContext(containerSecurity())
        .build();
    PodTemplateSpec template = template(Labels.of(stack, Labels.REDIS_JOB, name), Map.of(), spec.uid(),
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
}
