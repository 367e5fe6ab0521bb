package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.appstack.operator.scaling.Phase;
import io.appstack.operator.scaling.StackPolicy;
import org.junit.jupiter.api.Test;

/**
 * Whole replays on a synthetic load whose timing is known by hand: 30 minutes at 1,500 req/s, then
 * 60 minutes at 4,500 req/s, on 5s steps (1,080 steps, so the chart series hold every step).
 */
class ReplayTest {
  static final ModelParams PARAMS = ModelParams.defaults();

  static Load stepLoad() {
    double[] perStep = new double[1080];
    for (int k = 0; k < perStep.length; k++) {
      perStep[k] = (k < 360 ? 1_500 : 4_500) * 5.0;
    }
    return Load.of(0, 5, perStep);
  }

  static Simulation.Outcome run(Load load) {
    return new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, load, PARAMS).run(1, null);
  }

  static int firstIncrease(double[] replicas) {
    for (int k = 1; k < replicas.length; k++) {
      if (replicas[k] > replicas[k - 1]) {
        return k;
      }
    }
    return -1;
  }

  @Test
  void theEngineSeesMetricsThroughTheDelayAndWaitsItsUpWindow() {
    PolicyResult engine = run(stepLoad()).result("appstack");
    assertThat(engine.series().bucketSteps()).isEqualTo(1);
    // The jump starts at step 360 (30:00) and saturates the 3 pods at once. Its first metrics are
    // recorded at 30:05 and, 15s old, first reach a poll at 30:30 (step 366): by then 3 of the 5m
    // histogram's 60 steps are backlogged, 14% of its requests, so its p95 is above 500ms (the 2m CPU
    // average passes 70% only at 30:50). The p95 rule's 5m window fires at 35:30, step 426.
    assertThat(firstIncrease(engine.series().meanReplicas()[0])).isEqualTo(426);
  }

  @Test
  void theHpaBaselineReactsAtItsFirstSyncAfterTheDelay() {
    PolicyResult hpa = run(stepLoad()).result("hpa+keda");
    assertThat(firstIncrease(hpa.series().meanReplicas()[0])).isEqualTo(366);
    assertThat(hpa.peakReplicas()[0]).isEqualTo(5); // Medium's maximum
    assertThat(hpa.phaseChanges()).isEmpty();
  }

  @Test
  void thePhasePlannerPromotesWhenTheCeilingIsNotEnough() {
    PolicyResult engine = run(stepLoad()).result("appstack");
    // 4,500 req/s is 90% CPU on Medium's 5 pods: pressure at the ceiling for 15m promotes to Large.
    assertThat(engine.phaseChanges()).hasSize(1);
    PhaseEvent change = engine.phaseChanges().get(0);
    assertThat(change.from()).isEqualTo(Phase.MEDIUM);
    assertThat(change.to()).isEqualTo(Phase.LARGE);
    assertThat(change.atMicros() / 60_000_000L).isBetween(50L, 52L);
    assertThat(change.reason()).contains("at max 5");
    assertThat(engine.peakReplicas()[0]).isGreaterThan(5);
    assertThat(engine.hoursInPhase()).containsKeys(Phase.MEDIUM, Phase.LARGE);
  }

  @Test
  void staticNeverScalesAndUsesThePhaseMaximum() {
    PolicyResult fixed = run(stepLoad()).result("static");
    assertThat(fixed.scaleEvents()).containsOnly(0);
    assertThat(fixed.peakReplicas()).containsExactly(5, 5);
    assertThat(fixed.replicaHours()[0]).isEqualTo(5 * 1.5);
  }

  @Test
  void jobsAreConservedInEveryPolicy() {
    Simulation.Outcome outcome = run(stepLoad());
    long expectedJobs = (long) Math.floor(stepLoad().total() * PARAMS.jobsPerRequest());
    for (PolicyResult r : outcome.results()) {
      PolicyResult.PoolFigures pool = r.pools().get(0);
      assertThat(pool.arrived()).as(r.name()).isEqualTo(expectedJobs);
      assertThat(pool.done() + pool.queuedAtEnd()).as(r.name()).isEqualTo(pool.arrived());
      assertThat(r.api().requests()).isEqualTo(stepLoad().total());
    }
  }

  @Test
  void sameInputsGiveTheSameFiguresWhateverTheThreads() {
    Simulation sim = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS);
    ReportContext ctx = new ReportContext("synthetic", Trace.arrivals("synthetic", new long[] {0}), "stack.yaml",
        "shop", "Auto", 1, 1, null, null);
    String one = new Report(sim, sim.run(1, null), ctx).json();
    String two = new Report(sim, sim.run(2, null), ctx).json();
    assertThat(two).isEqualTo(one);
  }

  @Test
  void workerPoolsShareTheJobsEvenly() {
    StackPolicy twoPools = StackPolicy.defaults("emails", "reports");
    Simulation.Outcome outcome = new Simulation(twoPools, Phase.MEDIUM, stepLoad(), PARAMS).run(1, null);
    PolicyResult engine = outcome.result("appstack");
    assertThat(engine.components()).containsExactly("api", "worker/emails", "worker/reports");
    assertThat(engine.pools().get(0).arrived()).isEqualTo(engine.pools().get(1).arrived());
    long perPool = (long) Math.floor(stepLoad().total() * PARAMS.jobsPerRequest() / 2);
    assertThat(engine.pools().get(0).arrived()).isEqualTo(perPool);
  }

  @Test
  void clairvoyantReferenceByHand() {
    Simulation sim = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS);
    ReportContext ctx = new ReportContext("synthetic", Trace.arrivals("synthetic", new long[] {0}), "stack.yaml",
        "shop", "Auto", 1, 1, null, null);
    Report report = new Report(sim, sim.run(1, null), ctx);
    // API at 700 req/s per pod: ⌈1500/700⌉ = 3 for 0.5h, ⌈4500/700⌉ = 7 for 1h → 8.5
    // emails at 100 jobs/s per worker: 150 jobs/s → 2 (global minimum), 450 → 5 → 1 + 5 = 6
    assertThat(report.clairvoyantReplicaHours()).isCloseTo(14.5, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(report.verdict().staticHours()).isEqualTo(15.0);
  }

  @Test
  void chartSeriesAreTheShareOfTimeOverTheSloPerBucket() {
    // 2,500 steps → buckets of 3 steps (the last holds 1): each value is a share of its bucket's time,
    // and weighted by the buckets' lengths they add up to the SLO-violation minutes.
    double[] perStep = new double[2_500];
    for (int k = 0; k < perStep.length; k++) {
      perStep[k] = (k % 700 < 400 ? 1_500 : 6_000) * 5.0;
    }
    Simulation.Outcome outcome = run(Load.of(0, 5, perStep));
    for (PolicyResult r : outcome.results()) {
      PolicyResult.Series s = r.series();
      assertThat(s.bucketSteps()).isEqualTo(3);
      double[][] shares = new double[r.components().size()][];
      shares[0] = s.p95OverSloPercent();
      for (int p = 1; p < shares.length; p++) {
        shares[p] = s.waitOverSloPercent()[p - 1];
      }
      for (int c = 0; c < shares.length; c++) {
        double minutes = 0;
        for (int b = 0; b < shares[c].length; b++) {
          int stepsIn = Math.min(3, perStep.length - b * 3);
          assertThat(shares[c][b]).isBetween(0.0, 100.0);
          // a whole number of the bucket's steps
          assertThat(shares[c][b] * stepsIn / 100).isCloseTo(Math.rint(shares[c][b] * stepsIn / 100), within(1e-9));
          minutes += shares[c][b] / 100 * stepsIn * 5 / 60;
        }
        assertThat(minutes).as(r.name() + " " + r.components().get(c))
            .isCloseTo(r.sloViolationMinutes()[c], within(1e-9));
      }
    }
    assertThat(outcome.result("static").sloViolationMinutes()[0]).isPositive(); // the spikes overload Medium's 5 pods
  }
}
