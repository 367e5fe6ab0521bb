package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.api.status.ComponentsStatus;
import io.appstack.operator.api.status.StatusSummary;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.datatier.DataTierStatus;
import io.appstack.operator.kube.Conditions;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.reconcile.apps.PodTemplates;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import io.appstack.operator.scaling.signal.MissingSignal;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place status is made, once per reconcile: conditions (kstatus {@code Ready}, {@code Reconciling},
 * {@code Stalled}), observedGeneration and component counts, with the data tier's part from {@link DataTierStatus}. Compare the result with the current status to patch only on change.
 */
public final class StatusAggregator {
  private final Clock clock;

  public StatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /** The spec cannot be acted on: say which field and why; keep every observed count as it was. */
  public AppStackStatus stalled(AppStack stack, List<SpecProblem> problems) {
    AppStackStatus old = previous(stack);
    Conditions conditions = conditions(stack, old);
    String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))
        + ". Nothing was changed; fix the spec to continue.";
    List<Condition> list = List.of(
        conditions.set(Conditions.READY, false, "InvalidSpec", message),
        conditions.set(Conditions.RECONCILING, false, "InvalidSpec", "waiting for a valid spec"),
        conditions.set(Conditions.STALLED, true, "InvalidSpec", message));
    return new AppStackStatus(stack.getMetadata().getGeneration(), old.phase(), list, old.summary(),
        old.components(), old.scaling(), old.connectionSecret(), old.advisories());
  }

  /** A stack whose children cannot be applied as they are (a refusal, an object in the way): nothing else changes. */
  public AppStackStatus refused(AppStack stack, List<ApplyError> errors) {
    AppStackStatus old = previous(stack);
    List<Condition> list = new ArrayList<>(refusedConditions(conditions(stack, old), errors));
    old.condition(Conditions.METRICS_AVAILABLE).ifPresent(list::add);
    return new AppStackStatus(stack.getMetadata().getGeneration(), old.phase(), list, old.summary(),
        old.components(), old.scaling(), old.connectionSecret(), old.advisories());
  }

  private static List<Condition> refusedConditions(Conditions conditions, List<ApplyError> errors) {
    String message = "could not apply: " + join(errors.stream().filter(e -> !e.retryable()).toList())
        + ". Retrying will not fix this; the operator tries again each poll and changes nothing else meanwhile.";
    return List.of(
        conditions.set(Conditions.READY, false, "ApplyRefused", message),
        conditions.set(Conditions.RECONCILING, false, "ApplyRefused", "waiting for the object or the spec to change"),
        conditions.set(Conditions.STALLED, true, "ApplyRefused", message));
  }

  private static String join(List<ApplyError> errors) {
    return errors.stream().map(ApplyError::toString).collect(Collectors.joining("; "));
  }

  /**
   * The stack after the workflow ran: {@code deployments} are the children observed now by name,
   * {@code errors} what failed to apply.
   */
  public AppStackStatus aggregate(AppStack stack, StackPlan plan, DataTierPlan tier, Evaluation evaluation,
      Map<String, Deployment> deployments, List<ApplyError> errors) {
    AppStackStatus old = previous(stack);
    Map<String, String> changes = ScalingMemory.lastChanges(evaluation);
    ComponentStatus api = component(null, plan.apiReplicas(), deployments.get(Names.api(stack)),
        changes.getOrDefault(Component.API.key(),
            lastDecision(old.components() == null ? null : old.components().api())));
    List<ComponentStatus> workers = new ArrayList<>();
    for (WorkerSpec worker : stack.getSpec().workers()) {
      Optional<ComponentStatus> previous = Optional.ofNullable(old.components())
          .flatMap(c -> c.workers().stream().filter(w -> worker.name().equals(w.name())).findFirst());
      workers.add(component(worker.name(), plan.workerReplicas(worker.name()),
          deployments.get(Names.worker(stack, worker.name())),
          changes.getOrDefault(Component.worker(worker.name()).key(), lastDecision(previous.orElse(null)))));
    }

    List<String> waiting = new ArrayList<>();
    if (!isRolledOut(deployments.get(Names.api(stack)), plan.apiReplicas())) {
      waiting.add("api " + readiness(api));
    }
    for (ComponentStatus worker : workers) {
      if (!isRolledOut(deployments.get(Names.worker(stack, worker.name())), worker.desiredReplicas())) {
        waiting.add("worker " + worker.name() + " " + readiness(worker));
      }
    }

    Conditions conditions = conditions(stack, old);
    DataTierStatus.Report data = DataTierStatus.report(stack, tier, tier.database() == null ? null
        : budget(plan, tier.database()), plan.budgetCaps(), conditions, old.advisories());
    waiting.addAll(data.waiting());
    List<Condition> list = new ArrayList<>();
    if (errors.stream().anyMatch(e -> !e.retryable())) {
      list.addAll(refusedConditions(conditions, errors));
    } else if (data.failure() != null) {
      list.addAll(List.of(
          conditions.set(Conditions.READY, false, "RedisMoveFailed", data.failure()),
          conditions.set(Conditions.RECONCILING, false, "RedisMoveFailed", "waiting for the failed Job to be deleted"),
          conditions.set(Conditions.STALLED, true, "RedisMoveFailed", data.failure())));
    } else if (!errors.isEmpty()) {
      String message = "could not apply: " + join(errors) + ". Retrying.";
      list.addAll(List.of(
          conditions.set(Conditions.READY, false, "ApplyFailed", message),
          conditions.set(Conditions.RECONCILING, true, "ApplyFailed", message),
          conditions.set(Conditions.STALLED, false, "ApplyFailed", "transient; the operator retries")));
    } else if (!waiting.isEmpty()) {
      String message = "waiting for " + String.join(", ", waiting);
      list.addAll(List.of(
          conditions.set(Conditions.READY, false, "Progressing", message),
          conditions.set(Conditions.RECONCILING, true, "Progressing", message),
          conditions.set(Conditions.STALLED, false, "Progressing", "no problems found")));
    } else {
      String message = "api " + readiness(api) + (workers.isEmpty() ? "" : ", workers " + sumReadiness(workers));
      list.addAll(List.of(
          conditions.set(Conditions.READY, true, "Ready", message),
          conditions.set(Conditions.RECONCILING, false, "Ready", "all components match the spec"),
          conditions.set(Conditions.STALLED, false, "Ready", "no problems found")));
    }
    list.add(metricsAvailable(conditions, evaluation));
    list.add(stack.getSpec().paused()
        ? conditions.set(Conditions.PAUSED, true, "PausedBySpec",
            "spec.paused is true: replica counts and the phase are frozen; set it to false to resume scaling")
        : conditions.set(Conditions.PAUSED, false, "Scaling", "the operator sizes the stack from its metrics"));
    list.addAll(data.conditions());
    StatusSummary summary = new StatusSummary(readiness(api), workers.isEmpty() ? "-" : sumReadiness(workers));
    ComponentsStatus components = new ComponentsStatus(api, workers, data.redis(), data.pgbouncer(),
        data.readReplicas(), data.database());
    return new AppStackStatus(stack.getMetadata().getGeneration(), plan.phase(), list, summary, components,
        ScalingMemory.write(evaluation, old.scaling()), Names.connectionSecret(stack), data.advisories());
  }

  /** The connection budget of the replicas {@code plan} runs. */
  static ConnectionBudget budget(StackPlan plan, DataTierPlan.Database db) {
    return DataTierStatus.budget(db, plan.apiReplicas(),
        plan.workerReplicas().values().stream().mapToInt(Integer::intValue).sum());
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
        && isRolledOut(deployment, replicas);
  }

  /** Which signals could not be read and why; the message is stable while the cause is, so it causes no writes. */
  private static Condition metricsAvailable(Conditions conditions, Evaluation evaluation) {
    if (evaluation.metricsAvailable()) {
      return conditions.set(Conditions.METRICS_AVAILABLE, true, "AllSignalsRead", "every signal was read");
    }
    String missing = evaluation.missingSignals().stream().map(MissingSignal::describe)
        .collect(Collectors.joining("; "));
    return conditions.set(Conditions.METRICS_AVAILABLE, false, "SignalsMissing", missing
        + ". Replica counts are held (a scale-up still happens when another signal demands it); "
        + "check Prometheus and the queries.");
  }

  private static AppStackStatus previous(AppStack stack) {
    return stack.getStatus() != null ? stack.getStatus()
        : new AppStackStatus(null, null, null, null, null, null, null, null);
  }

  private Conditions conditions(AppStack stack, AppStackStatus old) {
    return new Conditions(old.conditions(), stack.getMetadata().getGeneration(), clock.instant());
  }

  private static String lastDecision(ComponentStatus previous) {
    return previous == null ? null : previous.lastDecision();
  }

  private static ComponentStatus component(String name, int desired, Deployment deployment, String lastDecision) {
    var status = deployment == null ? null : deployment.getStatus();
    int replicas = status == null || status.getReplicas() == null ? 0 : status.getReplicas();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    return new ComponentStatus(name, desired, replicas, ready, lastDecision);
  }

  /** Rolled out: the Deployment controller saw the latest spec and every desired pod is updated and ready. */
  static boolean isRolledOut(Deployment deployment, int desired) {
    if (deployment == null || deployment.getStatus() == null) {
      return false;
    }
    var status = deployment.getStatus();
    Long seen = status.getObservedGeneration();
    Long generation = deployment.getMetadata().getGeneration();
    boolean observed = seen != null && (generation == null || seen >= generation);
    return observed
        && orZero(status.getUpdatedReplicas()) >= desired
        && orZero(status.getReadyReplicas()) >= desired
        && orZero(status.getReplicas()) == desired;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static String readiness(ComponentStatus c) {
    return c.readyReplicas() + "/" + c.desiredReplicas();
  }

  private static String sumReadiness(List<ComponentStatus> workers) {
    int ready = workers.stream().mapToInt(ComponentStatus::readyReplicas).sum();
    int desired = workers.stream().mapToInt(ComponentStatus::desiredReplicas).sum();
    return ready + "/" + desired;
  }
}
