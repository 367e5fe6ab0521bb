package io.appstack.operator.chart;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.reconcile.AppStackReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the chart's RBAC must grant, and the one place to change when the operator needs more.
 *
 * <p>In a watched namespace the operator may do exactly {@link #controllerRules()} (what Quarkus Operator
 * SDK generates for the {@code appstack} controller from its primary resource and dependents) plus
 * {@link #EXTRA}. The controller's part is derived here from the code, the way QOSDK's build step derives
 * it, because the test phase runs before {@code package} writes {@code target/kubernetes/kubernetes.yml};
 * {@code QosdkRbacTest} keeps this derivation equal to the generated ClusterRole checked in under
 * {@code src/test/resources/qosdk/} ({@code make crds} refreshes it).
 */
public final class RbacExpectations {
  /** One verb on one resource of one API group ("" is the core group). */
  record Permission(String apiGroup, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
  }

  static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /**
   * Granted beyond what QOSDK derives from the controller, each with its reason. Extend this list (and
   * {@code appstack-operator.rules} in {@code templates/_helpers.tpl}) when the operator needs more.
   */
  static final Set<Permission> EXTRA =
      // Events for every scaling decision and every problem.
      permissions("", "events", List.of("create", "patch"));
  // Secrets are read by name to validate credentials, and the operator's credentials created: the Secret
  // dependents already grant it. Nothing else: no ConfigMaps, no PersistentVolumeClaims (StatefulSets make them).

  /**
   * In the release namespace only, when leader election is on: what JOSDK checks (get, create, update)
   * and fabric8 uses — it renews and releases the Lease with a JSON merge patch (fabric8 #5635).
   */
  static final Set<Permission> LEADER_ELECTION =
      permissions("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch"));

  /** The verbs the chart grants on Leases, for tests that play an API server enforcing them. */
  public static Set<String> leaseVerbs() {
    Set<String> verbs = new TreeSet<>();
    LEADER_ELECTION.forEach(p -> verbs.add(p.verb()));
    return verbs;
  }

  /**
   * Cluster-scoped in both modes: JOSDK's start-up check gets the CRD by name. QOSDK's generated
   * {@code josdk-crd-validating-cluster-role} also grants {@code list} on every CRD; the chart narrows it to
   * a {@code get} of this one CRD.
   */
  static final Set<Permission> CRD_READ =
      permissions("apiextensions.k8s.io", "customresourcedefinitions", List.of("get"));
  static final String CRD_NAME = "appstacks.appstack.io";

  private RbacExpectations() {}

  /** Everything the operator may do in a namespace it watches. */
  static Set<Permission> watchedNamespace() {
    return union(controllerRules(), EXTRA);
  }

  /**
   * QOSDK's rules for the {@code appstack} controller (its {@code ClusterRoles#createClusterRole}): every
   * common verb on the primary resource, its status and finalizers; on each dependent's resource the read
   * verbs, plus update/patch for an Updater, delete for a Deleter, create for a Creator (and patch for a
   * Creator under server-side apply); plus any {@code @RBACRule} on the reconciler.
   */
  static Set<Permission> controllerRules() {
    Set<Permission> rules = new TreeSet<>();
    String group = HasMetadata.getGroup(AppStack.class);
    String plural = HasMetadata.getPlural(AppStack.class);
    for (String resource : List.of(plural, plural + "/status", plural + "/finalizers")) {
      rules.addAll(permissions(group, resource, List.of(RBACVerbs.ALL_COMMON_VERBS)));
    }
    Workflow workflow = AppStackReconciler.class.getAnnotation(Workflow.class);
    for (Dependent dependent : workflow.dependents()) {
      Class<?> type = dependent.type();
      Class<?> resourceType = resourceType(type);
      Set<String> verbs = new TreeSet<>(List.of(RBACVerbs.READ_VERBS));
      if (Updater.class.isAssignableFrom(type)) {
        verbs.addAll(List.of(RBACVerbs.UPDATE_VERBS));
      }
      if (Deleter.class.isAssignableFrom(type)) {
        verbs.add(RBACVerbs.DELETE);
      }
      if (Creator.class.isAssignableFrom(type)) {
        verbs.add(RBACVerbs.CREATE);
        if (KubernetesDependentResource.class.isAssignableFrom(type)) {
          verbs.add(RBACVerbs.PATCH); // production builds use server-side apply
        }
      }
      @SuppressWarnings("unchecked")
      Class<? extends HasMetadata> kind = (Class<? extends HasMetadata>) resourceType;
      rules.addAll(permissions(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), verbs));
    }
    for (RBACRule rule : AppStackReconciler.class.getAnnotationsByType(RBACRule.class)) {
      rules.addAll(of(new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
          .withApiGroups(rule.apiGroups()).withResources(rule.resources()).withVerbs(rule.verbs()).build()));
    }
    return rules;
  }

  private static Class<?> resourceType(Class<?> dependentType) {
    try {
      return ((DependentResource<?, ?>) dependentType.getDeclaredConstructor().newInstance()).resourceType();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + dependentType, e);
    }
  }

  /** The permissions a list of rules grants (rules with resourceNames count as granting the verb). */
  static Set<Permission> of(Collection<PolicyRule> rules) {
    Set<Permission> result = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            result.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return result;
  }

  static Set<Permission> of(PolicyRule rule) {
    return of(List.of(rule));
  }

  static Set<Permission> permissions(String group, String resource, Collection<String> verbs) {
    return verbs.stream().map(v -> new Permission(group, resource, v)).collect(Collectors.toCollection(TreeSet::new));
  }

  @SafeVarargs
  static Set<Permission> union(Set<Permission>... sets) {
    return Arrays.stream(sets).flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> verbs(Collection<PolicyRule> rules) {
    return rules.stream().flatMap(r -> r.getVerbs().stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  static Stream<String> resourceNames(Collection<PolicyRule> rules) {
    return rules.stream().flatMap(r -> r.getResourceNames() == null ? Stream.empty() : r.getResourceNames().stream());
  }
}
