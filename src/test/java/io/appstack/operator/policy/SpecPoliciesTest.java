package io.appstack.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.ApiPolicy;
import io.appstack.operator.scaling.config.Bounds;
import io.appstack.operator.scaling.config.GlobalLimits;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.PhaseMode;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.config.RateLimits;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.config.WorkerPolicy;
import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every setting in the spec reaches the engine (the defaults are ScalingOptionTest's). */
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
          scaling: {min: 4, max: 12, cpuTargetPercent: 80, p95Ms: 400, upFor: 2m, downFor: 20m}
        workers:
          - name: emails
            image: acme/w:1
            queue: emails
            scaling: {min: 0, max: 30, depthPerWorker: 500, maxWaitSeconds: 30, upFor: 30s, downFor: 15m}
        autoscaling:
          promoteAfter: 30m
          demoteAfter: 48h
          tolerance: 0.2
          triggerStepPercent: 25
          rateLimits: {upFactor: 1.5, upPods: 2, upPeriod: 90s, downPercent: 10, downMinPods: 2, downPeriod: 5m}
          predictive: {enabled: true, weeks: 4, leadTime: 5m}
        limits: {apiMinReplicas: 3, apiMaxReplicas: 12, workerMinReplicas: 0, workerMaxReplicas: 30}
      """;

  @Test
  void everySettingReachesTheEngine() {
    assertThat(CrdSchema.load().violations(YAML)).isEmpty();
    StackPolicy policy = SpecPolicies.from(Serialization.unmarshal(YAML, AppStack.class).getSpec());

    assertThat(policy.phaseMode()).isEqualTo(PhaseMode.pinned(Phase.LARGE));
    assertThat(policy.paused()).isTrue();
    assertThat(policy.api()).isEqualTo(new ApiPolicy(4, 12, 80, 400, Duration.ofMinutes(2), Duration.ofMinutes(20)));
    assertThat(policy.worker("emails")).isEqualTo(new WorkerPolicy("emails", 0, 30, 500, 30, Duration.ofSeconds(30),
        Duration.ofMinutes(15)));
    assertThat(policy.rateLimits()).isEqualTo(new RateLimits(1.5, 2, Duration.ofSeconds(90), 0.10, 2,
        Duration.ofMinutes(5)));
    assertThat(policy.limits()).isEqualTo(new GlobalLimits(new Bounds(3, 12), new Bounds(0, 30)));
    assertThat(policy.tolerance()).isEqualTo(0.2);
    assertThat(policy.triggerStep()).isEqualTo(0.25);
    assertThat(policy.promotionWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(policy.demotionWindow()).isEqualTo(Duration.ofHours(48));
    assertThat(policy.predictive()).isEqualTo(new PredictivePolicy(true, 4, 2, Duration.ofMinutes(5)));
  }

  @Test
  void boundsInAutoAreTheLimitsOrTheOverridesAndPinnedTheyAreThePhasesRange() {
    StackPolicy auto = SpecPolicies.from(Serialization.unmarshal(YAML.replace("phase: Large", "phase: Auto"),
        AppStack.class).getSpec());
    assertThat(auto.bounds(Component.API)).as("overrides 4–12").isEqualTo(new Bounds(4, 12));
    assertThat(auto.bounds(Component.worker("emails"))).as("a pool may go to zero").isEqualTo(new Bounds(0, 30));
    StackPolicy defaults = StackPolicy.defaults("emails");
    assertThat(defaults.bounds(Component.API)).isEqualTo(new Bounds(2, 20));
    assertThat(defaults.bounds(Component.worker("emails"))).isEqualTo(new Bounds(2, 50));
    assertThat(defaults.pinnedTo(Phase.ENTERPRISE).bounds(Component.worker("emails"))).isEqualTo(new Bounds(20, 50));
    assertThat(defaults.withApi(ApiPolicy.defaults().withBounds(1, null)).bounds(Component.API))
        .as("an override may set the API down to one pod").isEqualTo(new Bounds(1, 20));
    assertThat(defaults.withApi(ApiPolicy.defaults().withBounds(30, 40)).bounds(Component.API))
        .as("the limit's maximum wins").isEqualTo(new Bounds(20, 20));
  }

  @Test
  void badCombinationsNameTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PredictivePolicy(true, 5, 2, Duration.ofMinutes(2)))
        .hasMessageContaining("weeks must be 1–4");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiPolicy.defaults().withCpuTarget(0))
        .hasMessageContaining("api cpu target must be positive");
  }
}
