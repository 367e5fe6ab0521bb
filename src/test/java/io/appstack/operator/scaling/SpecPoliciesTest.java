package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every override in the spec reaches the engine. */
class SpecPoliciesTest {
  static final String YAML = """
      apiVersion: appstack.io/v1alpha1
      kind: AppStack
      metadata: {name: s, namespace: ns}
      spec:
        phase: Large
        paused: true
        api:
          image: acme/api:1
          scaling: {min: 4, max: 12, cpu: {up: 80, down: 20}, p95Ms: {up: 400, down: 100}, upFor: 2m, downFor: 20m}
        workers:
          - name: emails
            image: acme/w:1
            queue: emails
            scaling: {min: 3, max: 30, depthPerWorker: {up: 500, down: 50}, maxWaitSeconds: 30, upFor: 30s, downFor: 15m}
        autoscaling:
          promoteAfter: 30m
          demoteAfter: 48h
          tolerance: 0.2
          rateLimits: {upFactor: 1.5, upPods: 2, upPeriod: 90s, downPercent: 10, downMinPods: 2, downPeriod: 5m}
        limits: {apiMaxReplicas: 12, workerMinReplicas: 3, workerMaxReplicas: 30}
      """;

  @Test
  void overridesReachTheEngine() {
    assertThat(CrdSchema.load().violations(YAML)).isEmpty();
    StackPolicy policy = SpecPolicies.from(Serialization.unmarshal(YAML, AppStack.class).getSpec());

    assertThat(policy.phaseMode()).isEqualTo(PhaseMode.pinned(Phase.LARGE));
    assertThat(policy.paused()).isTrue();
    assertThat(policy.api()).isEqualTo(new ApiPolicy(4, 12, 80, 20, 400, 100, Duration.ofMinutes(2),
        Duration.ofMinutes(20)));
    assertThat(policy.worker("emails")).isEqualTo(new WorkerPolicy("emails", 3, 30, 500, 50, 30,
        Duration.ofSeconds(30), Duration.ofMinutes(15)));
    assertThat(policy.rateLimits()).isEqualTo(new RateLimits(1.5, 2, Duration.ofSeconds(90), 0.10, 2,
        Duration.ofMinutes(5)));
    assertThat(policy.limits()).isEqualTo(new GlobalLimits(new Bounds(1, 12), new Bounds(3, 30)));
    assertThat(policy.tolerance()).isEqualTo(0.2);
    assertThat(policy.promotionWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(policy.demotionWindow()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void defaultsAreTheRoadmapsRules() {
    AppStack stack = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: s}
        spec: {api: {image: a}, workers: [{name: w, image: b, queue: q}]}
        """, AppStack.class);
    assertThat(SpecPolicies.from(stack.getSpec())).isEqualTo(StackPolicy.defaults("w"));
  }

  @Test
  void inconsistentValuesTheSchemaMissedAreNamed() {
    AppStack stack = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: s}
        spec: {api: {image: a, scaling: {cpu: {up: 30, down: 30}}}}
        """, AppStack.class);
    assertThatThrownBy(() -> SpecPolicies.from(stack.getSpec())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api cpu");
  }
}
