package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.datatier.DataTierBulkDependent;
import io.appstack.operator.datatier.DataTierDependents;
import io.appstack.operator.datatier.DataTierObserved;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.datatier.DataTierSecrets;
import io.appstack.operator.datatier.cnpg.CnpgDependents;
import io.appstack.operator.datatier.cnpg.CnpgInstallation;
import io.appstack.operator.kube.ChildChanges;
import io.appstack.operator.kube.ChildOwnership;
import io.appstack.operator.kube.EventRecorder;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.metrics.PrometheusSecrets;
import io.appstack.operator.monitoring.PodMonitorDependent;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.reconcile.apps.ApiDeploymentDependent;
import io.appstack.operator.reconcile.apps.ApiDisruptionBudgetDependent;
import io.appstack.operator.reconcile.apps.ApiServiceDependent;
import io.appstack.operator.reconcile.apps.ConnectionSecretDependent;
import io.appstack.operator.reconcile.apps.WorkerDeploymentsDependent;
import io.appstack.operator.reconcile.telemetry.OperatorMetrics;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ReplicaDecision;
import io.appstack.operator.scaling.config.StackPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns an AppStack into its children. The workflow runs only for a valid spec, so a bad spec changes
 * nothing in the cluster.
 */
@ControllerConfiguration(name = AppStackReconciler.NAME)
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = ConnectionSecretDependent.NAME, type = ConnectionSecretDependent.class),
    @Dependent(name = ApiDeploymentDependent.NAME, type = ApiDeploymentDependent.class,
        dependsOn = ConnectionSecretDependent.NAME),
    @Dependent(name = ApiServiceDependent.NAME, type = ApiServiceDependent.class),
    @Dependent(name = ApiDisruptionBudgetDependent.NAME, type = ApiDisruptionBudgetDependent.class),
    @Dependent(name = WorkerDeploymentsDependent.NAME, type = WorkerDeploymentsDependent.class,
        dependsOn = ConnectionSecretDependent.NAME),
    // Data tier (issue #4): every part always active; off = an empty desired set (see DataTierBulkDependent).
    @Dependent(name = DataTierDependents.ConfigSecrets.NAME, type = DataTierDependents.ConfigSecrets.class),
    @Dependent(name = DataTierDependents.Services.NAME, type = DataTierDependents.Services.class),
    @Dependent(name = DataTierDependents.NetworkPolicies.NAME, type = DataTierDependents.NetworkPolicies.class),
    @Dependent(name = DataTierDependents.RedisStatefulSets.NAME, type = DataTierDependents.RedisStatefulSets.class,
        dependsOn = DataTierDependents.ConfigSecrets.NAME),
    @Dependent(name = DataTierDependents.RedisJobs.NAME, type = DataTierDependents.RedisJobs.class,
        dependsOn = DataTierDependents.RedisStatefulSets.NAME),
    @Dependent(name = DataTierDependents.RedisExporterDeployment.NAME,
        type = DataTierDependents.RedisExporterDeployment.class, dependsOn = DataTierDependents.RedisStatefulSets.NAME),
    @Dependent(name = DataTierDependents.PostgresPrimary.NAME, type = DataTierDependents.PostgresPrimary.class,
        dependsOn = DataTierDependents.ConfigSecrets.NAME, readyPostcondition = DataTierDependents.PrimaryReady.class),
    @Dependent(name = DataTierDependents.PostgresReplicas.NAME, type = DataTierDependents.PostgresReplicas.class,
        dependsOn = DataTierDependents.PostgresPrimary.NAME),
    @Dependent(name = DataTierDependents.PgBouncerDeployment.NAME, type = DataTierDependents.PgBouncerDeployment.class,
        dependsOn = {DataTierDependents.PostgresPrimary.NAME, DataTierDependents.ConfigSecrets.NAME}),
    @Dependent(name = DataTierDependents.PgBouncerDisruptionBudget.NAME,
        type = DataTierDependents.PgBouncerDisruptionBudget.class),
    // The Prometheus Operator: a PodMonitor per stack where its CRD is served (else the pods' annotations).
    @Dependent(name = PodMonitorDependent.NAME, type = PodMonitorDependent.class,
        activationCondition = PodMonitorDependent.Installed.class),
    // CloudNativePG: active only for stacks that use it where it is installed (informers start on first use).
    @Dependent(name = CnpgDependents.Cluster.NAME, type = CnpgDependents.Cluster.class,
        activationCondition = CnpgDependents.UsedAndInstalled.class),
    @Dependent(name = CnpgDependents.Pooler.NAME, type = CnpgDependents.Pooler.class,
        activationCondition = CnpgDependents.UsedAndInstalled.class,
        reconcilePrecondition = CnpgDependents.PoolerRuns.class, dependsOn = CnpgDependents.Cluster.NAME),
    @Dependent(name = CnpgDependents.ReadPooler.NAME, type = CnpgDependents.ReadPooler.class,
        activationCondition = CnpgDependents.UsedAndInstalled.class,
        reconcilePrecondition = CnpgDependents.ReadPoolerRuns.class, dependsOn = CnpgDependents.Cluster.NAME),
    @Dependent(name = CnpgDependents.ScheduledBackup.NAME, type = CnpgDependents.ScheduledBackup.class,
        activationCondition = CnpgDependents.UsedAndInstalled.class,
        reconcilePrecondition = CnpgDependents.BackupWanted.class, dependsOn = CnpgDependents.Cluster.NAME),
})
public class AppStackReconciler implements Reconciler<AppStack> {
  public static final String NAME = "appstack";
  private static final Duration METRICS_PRUNE_INTERVAL = Duration.ofMinutes(1);

  private final StatusAggregator statusAggregator;
  private final Autoscaler autoscaler;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final AtomicReference<Instant> nextMetricsPrune = new AtomicReference<>(Instant.MIN);
  private final StatusLeft statusLeft = new StatusLeft();
  private final AppliedInputs applied = new AppliedInputs();

  @Inject
  public AppStackReconciler(Clock clock, Autoscaler autoscaler, KubernetesClient client, OperatorMetrics metrics) {
    this.clock = clock;
    this.statusAggregator = new StatusAggregator(clock);
    this.autoscaler = autoscaler;
    this.metrics = metrics;
    this.events = new EventRecorder(client, clock);
  }

  @Override
  public List<EventSource<?, AppStack>> prepareEventSources(EventSourceContext<AppStack> context) {
    return List.of(StackSecrets.generatedCredentialsSource(context));
  }

  @Override
  public UpdateControl<AppStack> reconcile(AppStack stack, Context<AppStack> context) {
    StatusLeft.Check check = statusLeft.check(stack, () -> context.getClient()
        .resources(AppStack.class).inNamespace(stack.getMetadata().getNamespace())
        .withName(stack.getMetadata().getName()).get());
    if (check.waitForCache() != null) {
      return UpdateControl.<AppStack>noUpdate().rescheduleAfter(check.waitForCache());
    }
    AppStackStatus seen = stack.getStatus();
    if (check.overwritten() != null) {
      ForeignStatus.restoreMemory(stack, check.overwritten()).ifPresent(m -> events.warning(stack, "StatusOverwritten", m));
    } else {
      ScalingMemory.distrusted(stack.getStatus(), clock.instant())
          .ifPresent(m -> events.warning(stack, "StatusDistrusted", m));
    }
    Function<String, Secret> secrets = name -> context.getClient().secrets()
        .inNamespace(stack.getMetadata().getNamespace()).withName(name).get();

    List<SpecProblem> problems = new SpecValidator(secrets, autoscaler.access()).validate(stack);
    StackPolicy policy = null;
    if (problems.isEmpty()) {
      try {
        policy = SpecPolicies.from(stack.getSpec());
      } catch (IllegalArgumentException e) {
        problems = List.of(new SpecProblem("spec", e.getMessage()));
      }
    }
    if (problems.isEmpty() && usesCloudNativePg(stack) && !CnpgInstallation.installed(context.getClient())) {
      problems = List.of(new SpecProblem("spec.database.primary.cloudNativePG", CnpgInstallation.missingMessage()));
    }
    if (!problems.isEmpty()) {
      return withStatus(stack, seen, statusAggregator.stalled(stack, problems));
    }

    PrometheusSecrets token = StackSecrets.prometheus(stack, secrets);
    Evaluation evaluation = autoscaler.evaluate(stack, policy, token);
    ConnectionSettings.Credentials external = StackSecrets.databaseCredentials(stack, secrets);
    DataTierSecrets credentials;
    try {
      credentials = DataTierSecrets.ensure(context.getClient(), StackSecrets.cachedGeneratedCredentials(stack, context),
          stack, external == null ? null : external.username(), external == null ? null : external.password());
    } catch (ChildOwnership.ForeignObject foreign) {
      return withStatus(stack, seen, statusAggregator.refused(stack, List.of(new ApplyError("credentials",
          foreign.getMessage(), false))));
    }
    DataTierPlan tier = DataTierPlan.build(stack, evaluation.phase().label(),
        autoscaler.dataTierInputs(stack, evaluation, token), credentials,
        DataTierObserved.from(stack, StackSecrets.cachedConnectionSecret(stack, context), context));
    StackPlan plan = StackPlan.build(evaluation, ConnectionSettings.of(stack, external, tier));
    if (tier.database() != null) {
      DataTierPlan.Database database = tier.database();
      plan = BudgetCaps.apply(plan, evaluation, p -> StatusAggregator.budget(p, database));
      metrics.connectionBudget(stack, plan.budgetCaps().isEmpty()
          && StatusAggregator.budget(plan, database).evaluate().holds());
    }
    plan.storeIn(context);
    tier = tier.settled(StatusAggregator.appsSettled(stack, plan, deployments(context)));
    tier.storeIn(context);
    List<ApplyError> errors = applyChildrenUnlessUnchanged(stack, plan, tier, context);
    if (errors.isEmpty()) {
      announce(stack, evaluation, plan);
      metrics.evaluated(stack, evaluation);
    }
    forgetDeletedStacks(context);
    return withStatus(stack, seen, statusAggregator.aggregate(stack, plan, tier, evaluation, deployments(context),
        errors));
  }

  /**
   * Runs the workflow unless its inputs equal those of the stack's last complete apply and no child changed since
   * ({@link AppliedInputs}); a skipped run has nothing to report.
   */
  private List<ApplyError> applyChildrenUnlessUnchanged(AppStack stack, StackPlan plan, DataTierPlan tier,
      Context<AppStack> context) {
    String uid = stack.getMetadata().getUid();
    // Read before the workflow reads the caches: a change meanwhile makes the next poll apply again.
    long childStamp = ChildChanges.of(context.getPrimaryCache()).stamp(ResourceID.fromResource(stack));
    var inputs = new AppliedInputs.Inputs(stack.getSpec(), plan, tier.asChildrenSee(),
        new PodMonitorDependent.Installed().isMet(null, stack, context));
    Instant now = clock.instant();
    if (applied.unchanged(uid, inputs, childStamp, now)) {
      metrics.childrenApplied(false);
      return List.of();
    }
    List<ApplyError> errors = applyChildren(context);
    if (errors.isEmpty()) {
      applied.applied(uid, inputs, childStamp, now);
    } else {
      applied.forget(uid);
    }
    metrics.childrenApplied(true);
    return errors;
  }

  /**
   * Ends the metric series of deleted stacks and forgets the status left on them. Without a finalizer the
   * operator is not called when a stack goes, so every reconcile (at most once a minute) drops what the
   * primary cache no longer has.
   */
  private void forgetDeletedStacks(Context<AppStack> context) {
    Instant now = clock.instant();
    Instant due = nextMetricsPrune.get();
    if (now.isBefore(due) || !nextMetricsPrune.compareAndSet(due, now.plus(METRICS_PRUNE_INTERVAL))) {
      return;
    }
    List<AppStack> stacks = context.getPrimaryCache().list().toList();
    metrics.retainStacks(stacks.stream().map(OperatorMetrics::stackKey).collect(Collectors.toSet()));
    Set<String> uids = stacks.stream().map(s -> s.getMetadata().getUid()).collect(Collectors.toSet());
    statusLeft.retain(uids);
    applied.retain(uids);
    ChildChanges.of(context.getPrimaryCache())
        .retain(stacks.stream().map(ResourceID::fromResource).collect(Collectors.toSet()));
  }

  /** An Event for every replica or phase change, saying why. */
  private void announce(AppStack stack, Evaluation evaluation, StackPlan plan) {
    evaluation.phaseChange().ifPresent(change -> events.normal(stack,
        change.promotion() ? "PhasePromoted" : "PhaseChanged", change.describe()));
    for (ReplicaDecision decision : evaluation.decisions()) {
      if (decision.changes() && plan.replicas(decision.component()) == decision.to()) {
        events.normal(stack, decision.to() > decision.from() ? "ScaledUp" : "ScaledDown", decision.reason());
      }
    }
    plan.budgetCaps().forEach(cap -> events.warning(stack, "ScaleUpCapped", cap));
  }

  /**
   * Patches status only when it differs from the one {@code seen} in the cache (after another writer's status,
   * always: its memory was replaced by this operator's), and comes back after the poll interval either way.
   */
  private UpdateControl<AppStack> withStatus(AppStack stack, AppStackStatus seen, AppStackStatus status) {
    statusLeft.left(stack, stack.getStatus(), status);
    metrics.conditions(stack, status.conditions());
    UpdateControl<AppStack> control;
    if (Objects.equals(seen, status)) {
      control = UpdateControl.noUpdate();
    } else {
      control = UpdateControl.patchStatus(statusOnly(stack, status));
    }
    return control.rescheduleAfter(pollInterval(stack));
  }

  /**
   * The status to apply, on an object that names the stack and carries nothing else: no resourceVersion, so a
   * spec edit landing meanwhile does not fail the write with a 409 (the operator is the status's only writer, and
   * {@link StatusLeft} makes each reconcile wait until the cache shows its last write), and no spec or metadata the
   * operator does not own.
   */
  private static AppStack statusOnly(AppStack stack, AppStackStatus status) {
    AppStack patch = new AppStack();
    patch.getMetadata().setNamespace(stack.getMetadata().getNamespace());
    patch.getMetadata().setName(stack.getMetadata().getName());
    patch.setStatus(status);
    return patch;
  }

  /** The stack's poll interval; for a spec whose interval is itself the problem (Stalled), a minute. */
  private static Duration pollInterval(AppStack stack) {
    try {
      return Durations.parse(stack.getSpec().autoscaling().pollInterval());
    } catch (IllegalArgumentException invalid) {
      return Duration.ofMinutes(1);
    }
  }

  private static Map<String, Deployment> deployments(Context<AppStack> context) {
    // API and worker Deployments come from two informers; key by name.
    return context.getSecondaryResourcesAsStream(Deployment.class)
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d, (a, b) -> a));
  }

  private static boolean usesCloudNativePg(AppStack stack) {
    return stack.getSpec().database() != null && stack.getSpec().database().primary().cloudNativePG() != null;
  }

  /** Runs the workflow; what failed to apply comes back as messages for status, not as an exception. */
  private static List<ApplyError> applyChildren(Context<AppStack> context) {
    try {
      WorkflowReconcileResult result = context.managedWorkflowAndDependentResourceContext()
          .reconcileManagedWorkflow();
      return result.getErroredDependents().entrySet().stream()
          .map(e -> ApplyError.of(e.getKey().name(), e.getValue()))
          .sorted(java.util.Comparator.comparing(ApplyError::toString))
          .toList();
    } catch (AggregatedOperatorException e) {
      return e.getAggregatedExceptions().entrySet().stream()
          .map(entry -> ApplyError.of(entry.getKey(), entry.getValue()))
          .sorted(java.util.Comparator.comparing(ApplyError::toString))
          .toList();
    }
  }
}
