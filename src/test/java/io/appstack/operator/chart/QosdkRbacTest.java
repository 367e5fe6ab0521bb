package io.appstack.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.chart.RbacExpectations.Permission;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules the chart is checked against are the ones Quarkus Operator SDK generates.
 *
 * <p>{@code src/test/resources/qosdk/kubernetes.yml} is QOSDK's {@code target/kubernetes/kubernetes.yml}
 * from the last {@code make crds}. The derivation in {@link RbacExpectations#controllerRules()} must equal
 * its {@code appstack-cluster-role}: adding a dependent without refreshing the copy fails here, and the
 * chart test then fails until the chart grants the new rules.
 */
class QosdkRbacTest {
  static final Path GENERATED = Path.of("src/test/resources/qosdk/kubernetes.yml");

  @Test
  void derivedControllerRulesEqualQosdksGeneratedClusterRole() throws IOException {
    ClusterRole generated = clusterRole("appstack-cluster-role");

    assertThat(RbacExpectations.controllerRules())
        .as("src/test/resources/qosdk/kubernetes.yml is stale or the derivation is wrong: run `make crds`")
        .isEqualTo(RbacExpectations.of(generated.getRules()));
  }

  @Test
  void theChartNarrowsQosdksCrdValidationRole() throws IOException {
    Set<Permission> generated = RbacExpectations.of(clusterRole("josdk-crd-validating-cluster-role").getRules());

    assertThat(generated).containsAll(RbacExpectations.CRD_READ);
  }

  @Test
  void derivationCoversEveryDependent() {
    // A sanity floor: the children the operator makes today.
    assertThat(RbacExpectations.controllerRules()).extracting(Permission::resource)
        .contains("appstacks", "appstacks/status", "deployments", "services", "secrets", "poddisruptionbudgets");
  }

  static ClusterRole clusterRole(String name) throws IOException {
    List<HasMetadata> objects = Chart.parse(Files.readString(GENERATED));
    return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .filter(r -> name.equals(r.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name + " in " + GENERATED));
  }
}
