package io.appstack.operator.reconcile.apps;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.kube.AppliedDependent;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.Names;
import io.appstack.operator.reconcile.StackPlan;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One Deployment per worker pool. Adding a pool to the spec creates exactly its Deployment; removing
 * one deletes exactly that Deployment. Deleting the stack leaves them to the garbage collector (owner
 * references): no finalizer.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "="
    + Labels.WORKER))
public class WorkerDeploymentsDependent extends AppliedDependent<Deployment>
    implements CRUDKubernetesBulkDependentResource<Deployment, AppStack>,
    KubernetesBulkDependentResource<Deployment, AppStack>, GarbageCollected<AppStack> {
  public static final String NAME = "worker-deployments";

  public WorkerDeploymentsDependent() {
    super(Deployment.class);
  }

  @Override
  public Map<ResourceID, Deployment> desiredResources(AppStack stack, Context<AppStack> context) {
    StackPlan plan = StackPlan.from(context);
    Map<ResourceID, Deployment> desired = new LinkedHashMap<>();
    for (WorkerSpec worker : stack.getSpec().workers()) {
      Deployment deployment = desired(stack, worker, plan.workerReplicas(worker.name()), plan);
      desired.put(ResourceID.fromResource(deployment), deployment);
    }
    return desired;
  }

  /** Only this stack's worker Deployments: the API Deployment shares the type but is not ours to delete. */
  @Override
  public Predicate<Deployment> secondaryResourceFilter(AppStack stack, Context<AppStack> context) {
    return d -> d.getMetadata().getLabels() != null
        && Labels.WORKER.equals(d.getMetadata().getLabels().get(Labels.COMPONENT));
  }

  static Deployment desired(AppStack stack, WorkerSpec worker, int replicas, StackPlan plan) {
    String name = Names.worker(stack, worker.name());
    Map<String, String> labels = Labels.of(stack, Labels.WORKER, name);
    labels.put(Labels.WORKER_POOL, worker.name());
    List<EnvVar> env = List.of(new EnvVar("QUEUE_NAME", worker.queue(), null));
    PodTemplateSpec template = PodTemplates.podTemplate(worker, "worker", labels, env, Names.connectionSecret(stack),
        plan.connections().hash());
    return PodTemplates.deployment(stack, name, labels, replicas, template, plan.phase());
  }
}
