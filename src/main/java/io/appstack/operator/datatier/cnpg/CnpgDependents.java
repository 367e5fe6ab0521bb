package io.appstack.operator.datatier.cnpg;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The CloudNativePG objects as workflow dependents. All are active only for a stack that uses CloudNativePG where its
 * CRDs are served ({@link UsedAndInstalled}): before that the operator watches none of them, and a stack asking
 * for CloudNativePG where it is not installed stalls.
 */
public final class CnpgDependents {
  private CnpgDependents() {}

  /** A CloudNativePG object the operator applies. */
  abstract static class Applied<R extends CnpgResource> extends AppliedDependent<R> {
    Applied(Class<R> type) {
      super(type);
    }
  }

  /** The Cluster: created and updated, never deleted by the operator (its volumes hold the data). */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class Cluster extends Applied<CnpgCluster> {
    public static final String NAME = "cnpg-cluster";

    public Cluster() {
      super(CnpgCluster.class);
    }

    @Override
    protected CnpgCluster desired(AppStack stack, Context<AppStack> context) {
      DataTierPlan plan = DataTierPlan.from(context);
      return CnpgObjects.cluster(stack, plan.phase(), plan.cnpgInstances());
    }

    /** The owner reference is the desired object's own: only with deletionPolicy Delete (CnpgObjects.cluster). */
    @Override
    protected boolean addOwnerReference() {
      return false;
    }
  }

  /** The PgBouncer Pooler in front of the primary; deleted once PgBouncer is off and the apps moved off it. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class Pooler extends Applied<CnpgPooler> implements GarbageCollected<AppStack> {
    public static final String NAME = "cnpg-pooler";

    public Pooler() {
      super(CnpgPooler.class);
    }

    @Override
    protected CnpgPooler desired(AppStack stack, Context<AppStack> context) {
      return CnpgObjects.pooler(stack);
    }
  }

  /** The PgBouncer Pooler in front of the read replicas, while PgBouncer is on and replicas run. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class ReadPooler extends Applied<CnpgPooler> implements GarbageCollected<AppStack> {
    public static final String NAME = "cnpg-read-pooler";

    public ReadPooler() {
      super(CnpgPooler.class);
    }

    @Override
    protected CnpgPooler desired(AppStack stack, Context<AppStack> context) {
      return CnpgObjects.readPooler(stack);
    }
  }

  /** The ScheduledBackup, while the spec asks for backups; the backups themselves belong to the Cluster. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class ScheduledBackup extends Applied<CnpgScheduledBackup> implements GarbageCollected<AppStack> {
    public static final String NAME = "cnpg-scheduled-backup";

    public ScheduledBackup() {
      super(CnpgScheduledBackup.class);
    }

    @Override
    protected CnpgScheduledBackup desired(AppStack stack, Context<AppStack> context) {
      return CnpgObjects.scheduledBackup(stack);
    }
  }

  /**
   * The stack's primary is CloudNativePG's and CloudNativePG's CRDs are served ({@link CnpgInstallation}). While
   * not, the dependents are left alone: nothing is watched, created or deleted (a Cluster a stack no longer uses
   * keeps its data).
   */
  public static class UsedAndInstalled implements Condition<HasMetadata, AppStack> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, AppStack> dependent, AppStack stack,
        Context<AppStack> context) {
      var db = stack.getSpec().database();
      return db != null && db.primary().cloudNativePG() != null && CnpgInstallation.installed(context.getClient());
    }
  }

  /** PgBouncer runs as CloudNativePG's Pooler. */
  public static class PoolerRuns implements Condition<HasMetadata, AppStack> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, AppStack> dependent, AppStack stack,
        Context<AppStack> context) {
      return DataTierPlan.from(context).poolerRuns();
    }
  }

  /** PgBouncer runs as CloudNativePG's Pooler and read replicas run. */
  public static class ReadPoolerRuns implements Condition<HasMetadata, AppStack> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, AppStack> dependent, AppStack stack,
        Context<AppStack> context) {
      return DataTierPlan.from(context).readPoolerRuns();
    }
  }

  /** The spec asks for backups of a CloudNativePG primary. */
  public static class BackupWanted implements Condition<HasMetadata, AppStack> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, AppStack> dependent, AppStack stack,
        Context<AppStack> context) {
      var db = DataTierPlan.from(context).database();
      return db != null && db.cnpg() && stack.getSpec().database().backup() != null;
    }
  }
}
