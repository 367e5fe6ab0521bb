package io.appstack.operator.chart;

import static io.appstack.operator.chart.RbacExpectations.CRD_NAME;
import static io.appstack.operator.chart.RbacExpectations.CRD_READ;
import static io.appstack.operator.chart.RbacExpectations.LEADER_ELECTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Least-privilege RBAC in both modes: exactly {@link RbacExpectations#watchedNamespace()} where AppStacks
 * are watched, leases only in the release namespace, and nothing cluster-wide but reading the CRD in
 * namespace mode.
 */
class ChartRbacTest {
  private static final Set<String> READ_ONLY = Set.of("get", "list", "watch");

  @Test
  void clusterModeGrantsTheOperatorRulesEverywhere() {
    Chart.Rendered rendered = Chart.render(Map.of());
    ClusterRole role = rendered.get(ClusterRole.class, Chart.FULLNAME);

    assertThat(RbacExpectations.of(role.getRules())).isEqualTo(RbacExpectations.watchedNamespace());
    assertBoundToServiceAccount(rendered.get(ClusterRoleBinding.class, Chart.FULLNAME).getRoleRef(),
        rendered.get(ClusterRoleBinding.class, Chart.FULLNAME).getSubjects(), "ClusterRole", Chart.FULLNAME);
    // Only the lease Role is namespaced.
    assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getName())
        .containsExactly(Chart.FULLNAME + "-leader-election");
  }

  @Test
  void namespaceModeGrantsTheOperatorRulesOnlyInEachWatchedNamespace() {
    Chart.Rendered rendered = Chart.render(Map.of("watchNamespaces", List.of("a", "b")));

    for (String namespace : List.of("a", "b")) {
      Role role = rendered.all(Role.class).stream()
          .filter(r -> namespace.equals(r.getMetadata().getNamespace())).findFirst().orElseThrow();
      assertThat(RbacExpectations.of(role.getRules())).isEqualTo(RbacExpectations.watchedNamespace());
      RoleBinding binding = rendered.all(RoleBinding.class).stream()
          .filter(b -> namespace.equals(b.getMetadata().getNamespace())).findFirst().orElseThrow();
      assertBoundToServiceAccount(binding.getRoleRef(), binding.getSubjects(), "Role", role.getMetadata().getName());
    }
    assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b", Chart.NAMESPACE);
  }

  @Test
  void namespaceModeHasNoClusterWideWriteRules() {
    Chart.Rendered rendered = Chart.render(Map.of("watchNamespaces", List.of("a", "b")));

    // What the operator holds cluster-wide: the ClusterRoles bound to it (the tenant roles are bound to nobody by
    // the chart; Kubernetes folds them into view/edit/admin).
    List<String> bound = rendered.all(ClusterRoleBinding.class).stream().map(b -> b.getRoleRef().getName()).toList();
    List<PolicyRule> clusterRules = rendered.all(ClusterRole.class).stream()
        .filter(r -> bound.contains(r.getMetadata().getName()))
        .flatMap(r -> r.getRules().stream()).toList();
    assertThat(RbacExpectations.verbs(clusterRules)).isSubsetOf(READ_ONLY);
    assertThat(RbacExpectations.of(clusterRules)).isEqualTo(CRD_READ);
    assertThat(bound).containsExactly(Chart.FULLNAME + "-crd-reader");
  }

  @Test
  void tenantRolesAddAppStacksToViewAndEditButNeverTheirStatusToAnyWriter() {
    Chart.Rendered rendered = Chart.render(Map.of());
    ClusterRole view = rendered.all(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(Chart.FULLNAME + "-view")).findFirst().orElseThrow();
    ClusterRole edit = rendered.all(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(Chart.FULLNAME + "-edit")).findFirst().orElseThrow();
    assertThat(view.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    assertThat(edit.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(RbacExpectations.verbs(view.getRules())).isSubsetOf(READ_ONLY);
    assertThat(RbacExpectations.of(edit.getRules())).extracting(Object::toString)
        .allSatisfy(p -> assertThat(p).startsWith("appstack.io/appstacks:"));
    assertThat(Chart.render(Map.of("rbac.aggregateToDefaultRoles", false)).all(ClusterRole.class))
        .noneSatisfy(r -> assertThat(r.getMetadata().getName()).endsWith("-edit"));
  }

  @Test
  void bothModesMayReadOnlyTheAppStackCrd() {
    for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(), Map.of("watchNamespaces", List.of("a")))) {
      Chart.Rendered rendered = Chart.render(values);
      ClusterRole reader = rendered.get(ClusterRole.class, Chart.FULLNAME + "-crd-reader");

      assertThat(RbacExpectations.of(reader.getRules())).isEqualTo(CRD_READ);
      assertThat(RbacExpectations.resourceNames(reader.getRules())).containsExactly(CRD_NAME);
      ClusterRoleBinding binding = rendered.get(ClusterRoleBinding.class, Chart.FULLNAME + "-crd-reader");
      assertBoundToServiceAccount(binding.getRoleRef(), binding.getSubjects(), "ClusterRole",
          reader.getMetadata().getName());
    }
  }

  @Test
  void leaderElectionMayUseLeasesInTheReleaseNamespaceOnly() {
    Chart.Rendered rendered = Chart.render(Map.of("replicaCount", 2));
    Role leases = rendered.get(Role.class, Chart.FULLNAME + "-leader-election");

    assertThat(leases.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(RbacExpectations.of(leases.getRules())).isEqualTo(LEADER_ELECTION);
    RoleBinding binding = rendered.get(RoleBinding.class, Chart.FULLNAME + "-leader-election");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertBoundToServiceAccount(binding.getRoleRef(), binding.getSubjects(), "Role", leases.getMetadata().getName());
    // Leases appear nowhere else.
    assertThat(rendered.all(ClusterRole.class)).allSatisfy(r -> assertThat(RbacExpectations.of(r.getRules()))
        .doesNotContainAnyElementsOf(LEADER_ELECTION));
  }

  @Test
  void noLeaseRoleWithoutLeaderElection() {
    Chart.Rendered rendered = Chart.render(Map.of("leaderElection.enabled", false));

    assertThat(rendered.find(Role.class, Chart.FULLNAME + "-leader-election")).isEmpty();
  }

  @Test
  void noWildcards() {
    for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(), Map.of("watchNamespaces", List.of("a")))) {
      Chart.Rendered rendered = Chart.render(values);
      List<PolicyRule> rules = new java.util.ArrayList<>();
      rendered.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
      rendered.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
      assertThat(RbacExpectations.of(rules)).allSatisfy(p -> {
        assertThat(p.apiGroup()).isNotEqualTo("*");
        assertThat(p.resource()).isNotEqualTo("*");
        assertThat(p.verb()).isNotEqualTo("*");
      });
    }
  }

  @Test
  void rbacCanBeLeftToTheCluster() {
    Chart.Rendered rendered = Chart.render(Map.of("rbac.create", false));

    assertThat(rendered.all(ClusterRole.class)).isEmpty();
    assertThat(rendered.all(Role.class)).isEmpty();
  }

  private static void assertBoundToServiceAccount(RoleRef ref, List<Subject> subjects, String kind, String name) {
    assertThat(ref.getKind()).isEqualTo(kind);
    assertThat(ref.getName()).isEqualTo(name);
    assertThat(subjects).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(Chart.FULLNAME);
      assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
    });
  }
}
