package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.datatier.DataTierInputs;
import io.appstack.operator.datatier.DataTierPlan;
import io.appstack.operator.datatier.RetainedData;
import io.appstack.operator.scaling.datatier.DataTierAdvisor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A poll leaves the children alone only when it would apply the same children to objects no one has changed. */
class AppliedInputsTest {
  static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  static final String UID = "0b6e7c1e";

  static AppliedInputs.Inputs inputs(int api, DataTierPlan tier, boolean podMonitors) {
    var plan = new StackPlan("Small", api, Map.of("emails", 2), new ConnectionSettings(Map.of("REDIS_HOST", "r")));
    return new AppliedInputs.Inputs(null, plan, tier, podMonitors);
  }

  static DataTierPlan tier(boolean connectionsHigh, Double p95) {
    var figures = new DataTierAdvisor.Figures(12.0, null, 40.0, false, p95, false);
    return new DataTierPlan("Small", new DataTierInputs(connectionsHigh, figures), null, null, null,
        RetainedData.NONE, true);
  }

  @Test
  void theSameInputsWithNoChildChangeAreUnchangedUntilTheFullApplyIsDue() {
    var applied = new AppliedInputs();
    assertThat(applied.unchanged(UID, inputs(2, null, false), 7, T0)).as("never applied").isFalse();
    applied.applied(UID, inputs(2, null, false), 7, T0);

    assertThat(applied.unchanged(UID, inputs(2, null, false), 7, T0.plusSeconds(15))).isTrue();
    assertThat(applied.unchanged(UID, inputs(2, null, false), 7,
        T0.plus(AppliedInputs.FULL_APPLY_EVERY).minusMillis(1))).isTrue();
    assertThat(applied.unchanged(UID, inputs(2, null, false), 7, T0.plus(AppliedInputs.FULL_APPLY_EVERY)))
        .as("a full apply every %s", AppliedInputs.FULL_APPLY_EVERY).isFalse();
  }

  @Test
  void anyDifferenceMeansApplyingAgain() {
    var applied = new AppliedInputs();
    applied.applied(UID, inputs(2, tier(false, 300.0), false), 7, T0);
    Instant soon = T0.plus(Duration.ofSeconds(15));

    assertThat(applied.unchanged(UID, inputs(2, tier(false, 300.0), false), 8, soon)).as("a child changed").isFalse();
    assertThat(applied.unchanged(UID, inputs(3, tier(false, 300.0), false), 7, soon)).as("a replica count").isFalse();
    assertThat(applied.unchanged(UID, inputs(2, tier(true, 300.0), false), 7, soon)).as("the data tier").isFalse();
    assertThat(applied.unchanged(UID, inputs(2, tier(false, 300.0), true), 7, soon)).as("PodMonitors served")
        .isFalse();
    assertThat(applied.unchanged("another", inputs(2, tier(false, 300.0), false), 7, soon)).as("another stack")
        .isFalse();
  }

  @Test
  void whatAFailedApplyOrADeletedStackLeftIsForgotten() {
    var applied = new AppliedInputs();
    applied.applied(UID, inputs(2, null, false), 7, T0);
    applied.applied("other", inputs(2, null, false), 7, T0);
    applied.forget(UID);
    assertThat(applied.unchanged(UID, inputs(2, null, false), 7, T0)).isFalse();

    applied.retain(Set.of(UID));
    assertThat(applied.unchanged("other", inputs(2, null, false), 7, T0)).isFalse();
  }

  @Test
  void theDataTierAsTheChildrenSeeItLeavesOutOnlyTheAdvisoriesFigures() {
    assertThat(tier(false, 300.0).asChildrenSee()).isEqualTo(tier(false, 900.0).asChildrenSee())
        .isNotEqualTo(tier(true, 300.0).asChildrenSee());
    assertThat(tier(true, 300.0).asChildrenSee().inputs().databaseConnectionsHigh()).isTrue();
  }
}
