package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.datatier.DataTierInputs;
import io.appstack.operator.datatier.DataTierObserved;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.datatier.DataTierSecrets;
import io.appstack.operator.datatier.cnpg.CnpgObjects;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.policy.SpecPolicies;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  static AppStack stack(long generation, AppStackStatus status) {
    AppStack stack = new AppStack("ns", "s", AppStackSpec.ofApi(ApiSpec.of("a/b:1")));
    stack.getMetadata().setGeneration(generation);
    stack.setStatus(status);
    return stack;
  }

  static Deployment rolledOut(int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName("s-api").withGeneration(1L).endMetadata()
        .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(replicas)
        .withUpdatedReplicas(replicas).endStatus().build();
  }

  /** The engine's view with no metrics at all: every count held, MetricsAvailable false. */
  static io.appstack.operator.scaling.Evaluation evaluation(AppStack s) {
    var policy = io.appstack.operator.policy.SpecPolicies.from(s.getSpec());
    var phase = io.appstack.operator.scaling.config.Phase.SMALL;
    return new io.appstack.operator.scaling.ScalingEngine(Clock.fixed(T0, ZoneOffset.UTC)).evaluate(policy,
        io.appstack.operator.scaling.MetricsSnapshot.empty(), StatusStateStore.currentReplicas(s, policy, phase),
        io.appstack.operator.scaling.state.ScalingState.initial(phase));
  }

  /** The stacks here have neither Redis nor a database. */
  static DataTierPlan noDataTier() {
    return DataTierPlan.build(stack(1, null), "Small", DataTierInputs.NONE, DataTierSecrets.NONE,
        new DataTierObserved(null, Map.of(), Map.of(), Map.of(), CnpgObjects.State.NONE));
  }

  static StatusAggregator at(Instant now) {
    return new StatusAggregator(Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void readyWhenEveryDeploymentIsRolledOut() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus status = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of("s-api", rolledOut(2)), List.of());
    assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(status.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.condition("Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.observedGeneration()).isEqualTo(1L);
    assertThat(status.conditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    assertThat(status.summary().api()).isEqualTo("2/2");
  }

  @Test
  void reconcilingWhileAPodIsNotReadyAndSaysWhich() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus status = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of("s-api", rolledOut(1)), List.of());
    assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.condition("Reconciling").orElseThrow().getMessage()).isEqualTo("waiting for api 1/2");
  }

  @Test
  void lastTransitionTimeMovesOnlyOnATransition() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus first = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of("s-api", rolledOut(1)), List.of());

    AppStackStatus same = at(T1).aggregate(stack(1, first), plan, noDataTier(), eval, Map.of("s-api", rolledOut(1)), List.of());
    assertThat(same).as("nothing changed: equal, so no patch").isEqualTo(first);

    AppStackStatus ready = at(T1).aggregate(stack(1, first), plan, noDataTier(), eval, Map.of("s-api", rolledOut(2)), List.of());
    assertThat(ready.condition("Ready").orElseThrow().getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(ready.condition("Stalled").orElseThrow().getLastTransitionTime())
        .as("Stalled stayed False").isEqualTo(T0.toString());
  }

  @Test
  void stalledKeepsObservedCountsAndNamesTheField() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus ready = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of("s-api", rolledOut(2)), List.of());

    AppStackStatus stalled = at(T1).stalled(stack(2, ready),
        List.of(new SpecProblem("spec.api.image", "'X' is not a container image reference")));
    assertThat(stalled.observedGeneration()).isEqualTo(2L);
    assertThat(stalled.components()).isEqualTo(ready.components());
    var condition = stalled.condition("Stalled").orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("InvalidSpec");
    assertThat(condition.getMessage()).startsWith("spec.api.image: 'X' is not a container image reference");
    assertThat(condition.getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void retryableApplyErrorsAreTransientNotStalled() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus status = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of(),
        List.of(new ApplyError("api-deployment", "409 Conflict", true)));
    assertThat(status.condition("Reconciling").orElseThrow().getMessage()).contains("409 Conflict");
    assertThat(status.condition("Stalled").orElseThrow().getStatus()).isEqualTo("False");
  }

  @Test
  void aRefusalAmongTheErrorsStallsNamingOnlyWhatRetryingCannotFix() {
    AppStack s = stack(1, null);
    var eval = evaluation(s);
    var plan = StackPlan.build(eval, new ConnectionSettings(Map.of()));
    AppStackStatus status = at(T0).aggregate(s, plan, noDataTier(), eval, Map.of(), List.of(
        new ApplyError("api-deployment", "409 Conflict", true),
        new ApplyError("api-service", "Service s-api exists and is not owned by AppStack s", false)));
    assertThat(status.condition("Stalled").orElseThrow()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("ApplyRefused");
      assertThat(c.getMessage()).contains("api-service: Service s-api exists").doesNotContain("409");
    });
    assertThat(status.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
  }
}
