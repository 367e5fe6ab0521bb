package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.ChildEvents;
import io.appstack.operator.kube.CreatedDependent;
import io.appstack.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The data tier's dependents, one per kind and part; the objects come from {@link DataTierResources}. */
public final class DataTierDependents {
  private DataTierDependents() {}

  public static final String SELECT = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT;

  /** Volume claim templates cannot change: keep the existing ones (the operator never resizes a volume). */
  public static List<StatefulSet> keepVolumes(List<StatefulSet> desired, Map<ResourceID, StatefulSet> actual) {
    for (StatefulSet set : desired) {
      StatefulSet existing = actual.get(ResourceID.fromResource(set));
      if (existing != null && existing.getSpec() != null && existing.getSpec().getVolumeClaimTemplates() != null) {
        set.getSpec().setVolumeClaimTemplates(existing.getSpec().getVolumeClaimTemplates());
      }
    }
    return desired;
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.DATA_CONFIG))
  public static class ConfigSecrets extends DataTierBulkDependent<Secret> {
    public static final String NAME = "data-config";

    public ConfigSecrets() {
      super(Secret.class, Labels.DATA_CONFIG);
    }

    @Override
    public List<Secret> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, Secret> actual) {
      return DataTierResources.configSecrets(stack, plan);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + " in (" + Labels.REDIS + ","
      + Labels.REDIS_CLUSTER + "," + Labels.PGBOUNCER + "," + Labels.POSTGRES + "," + Labels.POSTGRES_REPLICA + ")"))
  public static class Services extends DataTierBulkDependent<Service> {
    public static final String NAME = "data-services";

    public Services() {
      super(Service.class, Labels.REDIS, Labels.REDIS_CLUSTER, Labels.PGBOUNCER, Labels.POSTGRES,
          Labels.POSTGRES_REPLICA);
    }

    @Override
    public List<Service> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, Service> actual) {
      return DataTierResources.services(stack, plan);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + " in (" + Labels.REDIS + ","
      + Labels.REDIS_CLUSTER + ")"))
  public static class RedisStatefulSets extends DataTierBulkDependent<StatefulSet> {
    public static final String NAME = "redis";

    public RedisStatefulSets() {
      super(StatefulSet.class, Labels.REDIS, Labels.REDIS_CLUSTER);
    }

    @Override
    public List<StatefulSet> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, StatefulSet> actual) {
      return keepVolumes(RedisResources.redisStatefulSets(stack, plan), actual);
    }
  }

  /** The managed primary. Never deleted by the operator ({@link RetainedData}), never restarted (OnDelete updates). */
  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.POSTGRES))
  public static class PostgresPrimary extends DataTierBulkDependent<StatefulSet> {
    public static final String NAME = "postgres-primary";

    public PostgresPrimary() {
      super(StatefulSet.class, Labels.POSTGRES);
    }

    @Override
    public List<StatefulSet> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, StatefulSet> actual) {
      // Once it is no longer asked for, it stays untouched until the user deletes it (RetainedData).
      return keepVolumes(PostgresResources.postgresPrimary(stack, plan), actual);
    }
  }

  /** Ready when there is no managed primary, or it accepts connections: PgBouncer and replicas wait for it. */
  public static class PrimaryReady implements Condition<StatefulSet, AppStack> {
    @Override
    public boolean isMet(DependentResource<StatefulSet, AppStack> dependent, AppStack stack, Context<AppStack> context) {
      DataTierPlan.Database db = DataTierPlan.from(context).database();
      return db == null || db.primaryReady();
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.POSTGRES_REPLICA))
  public static class PostgresReplicas extends DataTierBulkDependent<StatefulSet> {
    public static final String NAME = "postgres-replicas";

    public PostgresReplicas() {
      super(StatefulSet.class, Labels.POSTGRES_REPLICA);
    }

    @Override
    public List<StatefulSet> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, StatefulSet> actual) {
      return keepVolumes(PostgresResources.postgresReplicas(stack, plan), actual);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.PGBOUNCER))
  public static class PgBouncerDeployment extends DataTierBulkDependent<Deployment> {
    public static final String NAME = "pgbouncer";

    public PgBouncerDeployment() {
      super(Deployment.class, Labels.PGBOUNCER);
    }

    @Override
    public List<Deployment> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, Deployment> actual) {
      return DataTierResources.pgbouncerDeployments(stack, plan);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.REDIS_EXPORTER))
  public static class RedisExporterDeployment extends DataTierBulkDependent<Deployment> {
    public static final String NAME = "redis-exporter";

    public RedisExporterDeployment() {
      super(Deployment.class, Labels.REDIS_EXPORTER);
    }

    @Override
    public List<Deployment> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, Deployment> actual) {
      return RedisExporter.deployments(stack, plan);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.PGBOUNCER))
  public static class PgBouncerDisruptionBudget extends DataTierBulkDependent<PodDisruptionBudget> {
    public static final String NAME = "pgbouncer-pdb";

    public PgBouncerDisruptionBudget() {
      super(PodDisruptionBudget.class, Labels.PGBOUNCER);
    }

    @Override
    public List<PodDisruptionBudget> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, PodDisruptionBudget> actual) {
      return DataTierResources.pgbouncerDisruptionBudgets(stack, plan);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.NETWORK_POLICY))
  public static class NetworkPolicies extends DataTierBulkDependent<NetworkPolicy> {
    public static final String NAME = "network-policies";

    public NetworkPolicies() {
      super(NetworkPolicy.class, Labels.NETWORK_POLICY);
    }

    @Override
    public List<NetworkPolicy> desired(AppStack stack, DataTierPlan plan, Map<ResourceID, NetworkPolicy> actual) {
      return DataTierResources.networkPolicies(stack, plan);
    }

    /**
     * A client dropped from a rule (the apps, once they reach PostgreSQL through PgBouncer) is a change.
     * Server-side apply sees it; the plain matcher (SSA off) ignores values the desired object lacks, so
     * without SSA values are compared both ways.
     */
    @Override
    public Matcher.Result<NetworkPolicy> match(NetworkPolicy actual, NetworkPolicy desired, AppStack stack,
        Context<AppStack> context) {
      return useSSA(context) ? super.match(actual, desired, stack, context)
          : GenericKubernetesResourceMatcher.match(desired, actual, false, true, context);
    }
  }

  /**
   * The Redis cluster Jobs. A Job's template is immutable, so a Job whose desired spec changed is replaced when
   * {@link RedisJobReplacement} says it is safe: left out of the desired set (so deleted), it is created again
   * with the new spec on the next reconcile. A finished Job is the record that its step happened. Deleted when no
   * step needs it any more, and with the stack by the garbage collector.
   */
  @KubernetesDependent(informer = @Informer(labelSelector = SELECT + "=" + Labels.REDIS_JOB))
  public static class RedisJobs extends CreatedDependent<Job>
      implements KubernetesBulkDependentResource<Job, AppStack>, GarbageCollected<AppStack> {
    public static final String NAME = "redis-jobs";

    public RedisJobs() {
      super(Job.class);
    }

    @Override
    public Map<ResourceID, Job> desiredResources(AppStack stack, Context<AppStack> context) {
      Map<ResourceID, Job> actual = getSecondaryResources(stack, context);
      Map<ResourceID, Job> desired = new LinkedHashMap<>();
      for (Job job : RedisResources.redisJobs(stack, DataTierPlan.from(context))) {
        ResourceID id = ResourceID.fromResource(job);
        Job existing = actual.get(id);
        if (existing == null || !RedisJobReplacement.replaces(existing, job)) {
          desired.put(id, job);
        }
      }
      return desired;
    }

    @Override
    public Map<ResourceID, Job> getSecondaryResources(AppStack stack, Context<AppStack> context) {
      return DataTierBulkDependent.newest(context.getSecondaryResourcesAsStream(Job.class)
          .filter(secondaryResourceFilter(stack, context)));
    }

    /** A Job that exists matches: nothing about a Job can change (a changed one is replaced instead). */
    @Override
    public Matcher.Result<Job> match(Job actual, Job desired, AppStack stack, Context<AppStack> context) {
      return Matcher.Result.computed(true, desired);
    }

    @Override
    public void deleteTargetResource(AppStack stack, Job job, ResourceID key, Context<AppStack> context) {
      super.deleteTargetResource(stack, job, key, context);
      boolean stillWanted = RedisResources.redisJobs(stack, DataTierPlan.from(context)).stream()
          .anyMatch(j -> j.getMetadata().getName().equals(job.getMetadata().getName()));
      if (stillWanted) {
        ChildEvents.replaced(job, stack, context);
      }
    }

    @Override
    public Predicate<Job> secondaryResourceFilter(AppStack stack, Context<AppStack> context) {
      return j -> j.getMetadata().getLabels() != null
          && Labels.REDIS_JOB.equals(j.getMetadata().getLabels().get(Labels.COMPONENT))
          && stack.getMetadata().getName().equals(j.getMetadata().getLabels().get(Labels.STACK));
    }
  }
}
