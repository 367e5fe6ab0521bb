package io.appstack.operator.scaling;

import static io.appstack.operator.scaling.Harness.snap;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerRulesTest {

  private static final Component EMAILS = Component.worker("emails");
  private static final Duration STEP = Duration.ofSeconds(30);

  private static Harness emails(int current) {
    StackPolicy policy = StackPolicy.defaults("emails")
        .withWorker(WorkerPolicy.defaults("emails").withBounds(2, 50))
        .pinnedTo(Phase.LARGE);
    return new Harness(policy, Phase.LARGE).set(EMAILS, current);
  }

  @ParameterizedTest(name = "depth {0}, wait {1}s for {2} at 4 workers → {3} ({4})")
  @CsvSource(delimiter = '|', textBlock = """
      # depth | wait | held    | to | rule
      4000    | 0    | PT0S    | 4  | hold
      4004    | 0    | PT0S    | 5  | worker.depth
      8000    | 0    | PT0S    | 8  | worker.depth
      20000   | 0    | PT0S    | 8  | worker.depth
      1000    | 60   | PT0S    | 4  | hold
      1000    | 61   | PT0S    | 5  | worker.wait
      1000    | 120  | PT0S    | 8  | worker.wait
      400     | 0    | PT10M   | 4  | hold
      396     | 0    | PT9M59S | 4  | hold
      396     | 0    | PT10M   | 3  | worker.calm
      396     | 59   | PT10M   | 4  | hold
      2000    | 30   | PT30M   | 4  | hold
      """)
  void workerRules(double depth, double wait, String held, int to, String rule) {
    Harness h = emails(4);
    h.tick(snap().api(50, 300).worker("emails", depth, wait));
    ReplicaDecision d = h.hold(Duration.parse(held), STEP, snap().api(50, 300).worker("emails", depth, wait))
        .decision(EMAILS);

    assertThat(d.to()).isEqualTo(to);
    assertThat(d.rule()).isEqualTo(rule);
  }

  @Test
  void upStepIsTotalDepthOverDepthPerWorkerCappedByRateLimit() {
    Harness h = emails(4);
    ReplicaDecision d = h.tick(snap().api(50, 300).worker("emails", 20000, 0)).decision(EMAILS);
    assertThat(d.reason()).isEqualTo("worker emails 4→8: depth/worker 5000 > 1000; rate limit allows 8 (wanted 20)");
    assertThat(d.observed()).containsEntry("depth", 20000.0).containsEntry("depth/worker", 5000.0);
  }

  @Test
  void downReasonMatchesTheDesignExample() {
    StackPolicy policy = StackPolicy.defaults("emails").pinnedTo(Phase.SMALL);
    Harness h = new Harness(policy, Phase.SMALL).set(EMAILS, 3);
    h.tick(snap().api(50, 300).worker("emails", 120, 0));
    ReplicaDecision d = h.hold(Duration.ofMinutes(10), STEP, snap().api(50, 300).worker("emails", 120, 0))
        .decision(EMAILS);
    assertThat(d.reason()).isEqualTo("worker emails 3→2: depth/worker 40 < 100 for 10m");
    assertThat(d.direction()).isEqualTo(Direction.DOWN);
  }

  @Test
  void upForIsAParameterForWorkers() {
    Harness h = emails(4);
    h.policy = h.policy.withWorker(WorkerPolicy.defaults("emails").withBounds(2, 50)
        .withWindows(Duration.ofMinutes(1), Duration.ofMinutes(10)));
    assertThat(h.tick(snap().api(50, 300).worker("emails", 8000, 0)).decision(EMAILS).changes()).isFalse();
    assertThat(h.tickAfter(Duration.ofSeconds(59), snap().api(50, 300).worker("emails", 8000, 0))
        .decision(EMAILS).changes()).isFalse();
    assertThat(h.tickAfter(Duration.ofSeconds(1), snap().api(50, 300).worker("emails", 8000, 0))
        .decision(EMAILS).to()).isEqualTo(8);
  }

  @Test
  void poolsAreDecidedIndependently() {
    StackPolicy policy = StackPolicy.defaults("emails", "reports").pinnedTo(Phase.MEDIUM);
    Harness h = new Harness(policy, Phase.MEDIUM);
    Evaluation e = h.tick(snap().api(50, 300).worker("emails", 9000, 0).worker("reports", 1000, 5));
    assertThat(e.decision(EMAILS).to()).isEqualTo(5);
    assertThat(e.decision(Component.worker("reports")).changes()).isFalse();
    assertThat(e.decisions()).extracting(ReplicaDecision::component)
        .containsExactly(Component.API, EMAILS, Component.worker("reports"));
  }

  @Test
  void aLooseRateLimitStillNeverScalesDownIntoAnotherScaleUp() {
    // 30 workers, 2500 jobs: 83/worker is calm. Two workers would see 1250/worker and scale up again,
    // so even with −95% allowed the engine stops at ceil(2500 / 1000) = 3.
    Harness h = emails(30);
    h.policy = h.policy.withRateLimits(new RateLimits(2, 4, Duration.ofSeconds(60), 0.95, 1, Duration.ofSeconds(120)));
    Harness.Snap load = snap().api(50, 300).worker("emails", 2500, 0);
    h.tick(load);
    for (int i = 0; i < 60; i++) {
      assertThat(h.tickAfter(STEP, load).decision(EMAILS).direction()).isNotEqualTo(Direction.UP);
    }
    assertThat(h.replicas(EMAILS)).isEqualTo(3);
  }
}
