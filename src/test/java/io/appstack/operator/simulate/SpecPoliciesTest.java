package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.scaling.Bounds;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.PhaseMode;
import io.appstack.operator.scaling.SpecPolicies;
import io.appstack.operator.scaling.StackPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The AppStackSpec → StackPolicy mapping the simulator (and the reconciler) feed the engine with. */
class SpecPoliciesTest {

  @Test
  void theMinimalSampleIsTheEnginesDefaults() throws IOException {
    AppStack stack = Serialization.unmarshal(Files.readString(Path.of("samples/minimal.yaml")), AppStack.class);
    assertThat(SpecPolicies.from(stack.getSpec())).isEqualTo(StackPolicy.defaults("emails"));
  }

  @Test
  void everySpecFieldReachesThePolicy() {
    AppStack stack = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop}
        spec:
          phase: Large
          paused: true
          api:
            image: ghcr.io/acme/api:1
            scaling: {min: 4, max: 12, cpu: {up: 80, down: 20}, p95Ms: {up: 800, down: 100}, upFor: 2m, downFor: 30m}
          workers:
            - name: emails
              image: ghcr.io/acme/w:1
              queue: emails
              scaling: {min: 3, max: 30, depthPerWorker: {up: 500, down: 50}, maxWaitSeconds: 30, upFor: 30s, downFor: 5m}
          autoscaling: {pollInterval: 30s, promoteAfter: 10m, demoteAfter: 6h, tolerance: 0.2}
          limits: {apiMaxReplicas: 15, workerMinReplicas: 0, workerMaxReplicas: 40}
        """, AppStack.class);
    StackPolicy p = SpecPolicies.from(stack.getSpec());
    assertThat(p.phaseMode()).isEqualTo(PhaseMode.pinned(Phase.LARGE));
    assertThat(p.paused()).isTrue();
    assertThat(p.api().cpuUpPercent()).isEqualTo(80);
    assertThat(p.api().cpuDownPercent()).isEqualTo(20);
    assertThat(p.api().p95UpMs()).isEqualTo(800);
    assertThat(p.api().p95DownMs()).isEqualTo(100);
    assertThat(p.api().upFor()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.api().downFor()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.bounds(Component.API, Phase.MEDIUM)).isEqualTo(new Bounds(4, 12));
    var w = p.worker("emails");
    assertThat(w.depthPerWorkerUp()).isEqualTo(500);
    assertThat(w.depthPerWorkerDown()).isEqualTo(50);
    assertThat(w.maxWaitSeconds()).isEqualTo(30);
    assertThat(w.upFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w.downFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.bounds(Component.worker("emails"), Phase.ENTERPRISE)).isEqualTo(new Bounds(3, 30));
    assertThat(p.tolerance()).isEqualTo(0.2);
    assertThat(p.promotionWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.demotionWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(p.limits().api()).isEqualTo(new Bounds(1, 15));
    assertThat(p.limits().worker()).isEqualTo(new Bounds(1, 40)); // the engine needs at least 1
  }
}
