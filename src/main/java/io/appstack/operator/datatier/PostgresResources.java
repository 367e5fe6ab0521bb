package io.appstack.operator.datatier;

import static io.appstack.operator.datatier.DataTierPods.*;
import static io.appstack.operator.datatier.DataTierResources.DATA_UID;
import static io.appstack.operator.datatier.DataTierResources.PGDATA;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.Topology;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL run by the operator ({@code primary.managed}): the primary's StatefulSet and the streaming read
 * replicas', each with its volume claim; CloudNativePG's objects are in {@code cnpg}.
 */
public final class PostgresResources {
  private PostgresResources() {}

  public static List<StatefulSet> postgresPrimary(AppStack stack, DataTierPlan plan) {
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

  public static List<StatefulSet> postgresReplicas(AppStack stack, DataTierPlan plan) {
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
}
