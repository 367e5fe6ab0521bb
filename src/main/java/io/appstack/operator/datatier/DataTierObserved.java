package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.cnpg.CnpgCluster;
import io.appstack.operator.datatier.cnpg.CnpgInstallation;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.datatier.cnpg.CnpgPooler;
import io.appstack.operator.kube.GeneratedSecrets;
import io.appstack.operator.kube.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data tier as the cluster shows it now, by name (the informers' caches), and how to read a workload's
 * progress: what {@link DataTierPlan} decides from.
 */
public record DataTierObserved(Map<String, String> connections, Map<String, StatefulSet> statefulSets,
    Map<String, Deployment> deployments, Map<String, Job> jobs, CnpgObjects.State cnpg) {

  /**
   * @param connectionSecret the stack's connection Secret from its cache, if there (looked up by name: reading every
   *     Secret of the stack to find it decoded the configuration Secrets too, at every poll)
   */
  public static DataTierObserved from(AppStack stack, Optional<Secret> connectionSecret, Context<AppStack> context) {
    Map<String, String> connections = connectionSecret.map(GeneratedSecrets::decode).orElse(null);
    return new DataTierObserved(connections, byName(context, StatefulSet.class), byName(context, Deployment.class),
        byName(context, Job.class), cnpg(stack, context));
  }

  /**
   * The CloudNativePG objects. Their informers start with the first workflow run that needs them (after the plan
   * is made), so until then they are read directly: a stack is never planned as if its Cluster were gone. A
   * Pooler's pods are CloudNativePG's Deployment of the Pooler's name, read directly (nothing watches it).
   */
  private static CnpgObjects.State cnpg(AppStack stack, Context<AppStack> context) {
    var db = stack.getSpec().database();
    if (db == null || db.primary().cloudNativePG() == null) {
      return CnpgObjects.State.NONE;
    }
    String namespace = stack.getMetadata().getNamespace();
    KubernetesClient client = context.getClient();
    Map<String, CnpgCluster> clusters;
    Map<String, CnpgPooler> poolers;
    if (context.eventSourceRetriever().getEventSourcesFor(CnpgCluster.class).isEmpty()
        || context.eventSourceRetriever().getEventSourcesFor(CnpgPooler.class).isEmpty()) {
      if (!CnpgInstallation.installed(client)) {
        return CnpgObjects.State.NONE;
      }
      clusters = byName(client.resources(CnpgCluster.class).inNamespace(namespace).withName(Names.cnpgCluster(stack))
          .get());
      poolers = byName(client.resources(CnpgPooler.class).inNamespace(namespace).withName(Names.cnpgPooler(stack))
          .get(), client.resources(CnpgPooler.class).inNamespace(namespace).withName(Names.cnpgReadPooler(stack))
          .get());
    } else {
      clusters = byName(context, CnpgCluster.class);
      poolers = byName(context, CnpgPooler.class);
    }
    return CnpgObjects.State.of(clusters.get(Names.cnpgCluster(stack)), poolers.get(Names.cnpgPooler(stack)),
        available(client, namespace, poolers, Names.cnpgPooler(stack)),
        available(client, namespace, poolers, Names.cnpgReadPooler(stack)));
  }

  /** Available pods of the Pooler {@code name}, if it exists (one GET: nothing watches CloudNativePG's Deployment). */
  private static int available(KubernetesClient client, String namespace, Map<String, CnpgPooler> poolers,
      String name) {
    if (!poolers.containsKey(name)) {
      return 0;
    }
    Deployment pods = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return pods == null || pods.getStatus() == null ? 0 : orZero(pods.getStatus().getAvailableReplicas());
  }

  private static <T extends HasMetadata> Map<String, T> byName(Context<AppStack> context, Class<T> type) {
    return context.getSecondaryResourcesAsStream(type)
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity(),
            (a, b) -> Long.parseLong(b.getMetadata().getResourceVersion())
                > Long.parseLong(a.getMetadata().getResourceVersion()) ? b : a));
  }

  @SafeVarargs
  private static <T extends HasMetadata> Map<String, T> byName(T... found) {
    return java.util.Arrays.stream(found).filter(java.util.Objects::nonNull)
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity()));
  }

  // --- reading a workload's progress -------------------------------------------------------------

  public static int replicas(StatefulSet set) {
    return set.getSpec() == null || set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
  }

  public static int ready(StatefulSet set) {
    return set.getStatus() == null ? 0 : orZero(set.getStatus().getReadyReplicas());
  }

  public static boolean complete(Job job) {
    return job != null && job.getStatus() != null && (orZero(job.getStatus().getSucceeded()) >= 1
        || hasCondition(job, "Complete"));
  }

  public static boolean failed(Job job) {
    return job != null && job.getStatus() != null && hasCondition(job, "Failed");
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
