package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.PackagedOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}, what the image runs) in its production
 * profile, started with the chart's environment and the image's JVM options, on the real control plane. Maven
 * runs it after {@code package} (Surefire execution {@code packaged-operator}, phase {@code integration-test};
 * {@code make test} runs {@code verify}).
 */
@Tag(PackagedOperatorTest.TAG)
class PackagedOperatorTest {
  static final String TAG = "packaged-operator";

  /**
   * A leader stopped by SIGTERM (a rolling update, a drained node) gives its Lease up before it exits, so that a
   * follower takes over within its retry period instead of waiting for the Lease to expire.
   */
  @Test
  void aLeaderStoppedGracefullyReleasesItsLease() {
    ControlPlane cluster = ControlPlaneTests.withCrd();
    String namespace = cluster.namespace("packaged");
    String lease = "appstack-operator-lease";
    Path log = Path.of("target/packaged-operator-leader.log").toAbsolutePath();
    try (KubernetesClient admin = cluster.client("packaged-operator-test");
        PackagedOperator leader = PackagedOperator.start(cluster, PackagedOperator.ChartSettings.render(Map.of()),
            List.of(), namespace, lease, "leader-0", log)) {
      Awaitility.await("the operator holds the Lease").atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .failFast(() -> !leader.process().isAlive())
          .until(() -> "leader-0".equals(holder(admin.leases().inNamespace(namespace).withName(lease).get())));
      assertThat(leader.ready()).as("ready once it leads; log:%n%s", leader.logText()).isTrue();

      int exit = leader.terminate(Duration.ofSeconds(30));

      assertThat(leader.process().isAlive()).as("stopped within 30 s of SIGTERM; log:%n%s", leader.logText())
          .isFalse();
      // 143: the JVM ends on SIGTERM after running its shutdown hooks (Quarkus stops in one of them).
      assertThat(exit).as("exit code").isIn(0, 143);
      Lease after = admin.leases().inNamespace(namespace).withName(lease).get();
      assertThat(holder(after)).as("holder after the stop; log:%n%s", leader.logText()).isNullOrEmpty();
      assertThat(after.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
      assertThat(leader.logText()).contains("Released the leader lease").doesNotContain("Could not release");
    }
  }

  static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
