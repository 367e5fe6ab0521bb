package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.simulate.controller.Controller;
import io.appstack.operator.simulate.report.Report;
import io.appstack.operator.simulate.report.ReportContext;
import io.appstack.operator.simulate.trace.Load;
import io.appstack.operator.simulate.trace.SyntheticTrace;
import io.appstack.operator.simulate.trace.Trace;
import java.util.Map;
import java.util.Set;
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
    // The jump starts at step 360 (30:00) and saturates the 3 pods at once. Its first metrics are recorded at
    // 30:05 and, 15s old, first reach a poll at 30:30 (step 366): the 2m p95 histogram already holds backlogged
    // steps, so p95 is over 500ms (the 2m CPU average passes the 70% target's band only later). The p95 trigger's
    // 1m window fires at 31:30, step 378: one step of +50%.
    assertThat(firstIncrease(engine.series().meanReplicas()[0])).isEqualTo(378);
    assertThat(engine.series().meanReplicas()[0][378]).isEqualTo(5);
  }

  @Test
  void theEngineReadsOnlyTheSignalsTheStackHasAQueryFor() {
    // An API without a latency query: the p95 trigger takes no part, and the first step is the CPU target's, once its
    // 2m average has passed the band for the 1m window — later than the trigger's 378.
    PolicyResult noP95 = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS)
        .withUnconfigured(Map.of(Component.API, Set.of(Signal.API_P95_MS))).run(1, null).result("appstack");
    assertThat(firstIncrease(noP95.series().meanReplicas()[0])).isGreaterThan(378);
    // A pool with neither a depth nor a wait query has nothing to scale on: it holds its 3 workers.
    PolicyResult blindPool = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS)
        .withUnconfigured(Map.of(Component.worker("emails"), Set.of(Signal.QUEUE_DEPTH,
            Signal.OLDEST_JOB_AGE_SECONDS))).run(1, null).result("appstack");
    assertThat(blindPool.series().meanReplicas()[1]).containsOnly(3.0);
    assertThat(firstIncrease(run(stepLoad()).result("appstack").series().meanReplicas()[1])).isPositive();
  }

  @Test
  void theHpaBaselineReactsAtItsFirstSyncAfterTheDelayWithinTheEnginesBounds() {
    PolicyResult hpa = run(stepLoad()).result("hpa+keda");
    assertThat(firstIncrease(hpa.series().meanReplicas()[0])).isEqualTo(366);
    // Not held at Medium's 5: it has the same 2–20 the engine may use (the backlog of the jump keeps the CPU
    // at 100% while it drains, so it overshoots the 7 pods 4,500 req/s needs at a 70% target, as a real HPA does).
    assertThat(hpa.peakReplicas()[0]).isGreaterThan(7).isLessThanOrEqualTo(20);
    assertThat(hpa.label()).contains("api 2–20", "worker/emails 2–50");
    assertThat(hpa.phaseChanges()).isEmpty();
    assertThat(hpa.hoursInPhase()).isEmpty();
  }

  @Test
  void kedasQueueLengthIsFreshAtEveryHpaSyncNotOnlyAtItsPolling() {
    // KEDA polls every 5 minutes here (30:00, 35:00, …), but the HPA asks KEDA's metrics server for the
    // queue length at each 15s sync, and KEDA queries the scaler then: the pool grows within a minute or
    // two of the jump at 30:00 (step 360), long before the next polling at 35:00 (step 420).
    ModelParams slowPolling = new ModelParams(5, 1000, 100, 50, 10_000, 60, 100, 0.1, 30, 15, 120, 300, 15, 15, 500,
        60, 70, 0.1, 15, 300, 300, null);
    PolicyResult hpa = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), slowPolling)
        .run(1, null).result("hpa+keda");
    assertThat(firstIncrease(hpa.series().meanReplicas()[1])).isBetween(361, 390);
  }

  @Test
  void everyScalingPolicyStartsFromTheSameReplicas() {
    Simulation sim = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS);
    assertThat(sim.startReplicas()).containsExactly(3, 3);
    for (Controller c : sim.controllers().subList(0, 2)) {
      assertThat(c.initial()).as(c.name()).containsExactly(3, 3);
    }
  }

  @Test
  void thePhaseFollowsTheReplicasAndNeverSetsThem() {
    PolicyResult engine = run(stepLoad()).result("appstack");
    // 450 jobs/s outgrow 3 workers at once; the pool passes Medium's 5 at about 30:30, and having run above
    // Medium's range for the 10m promotion window the stack is Large from about 40:30. The counts were never
    // held at 5 waiting for it: the bounds in Auto are 2–20 and 2–50 whatever the phase.
    assertThat(engine.phaseChanges()).hasSize(1);
    PhaseEvent change = engine.phaseChanges().get(0);
    assertThat(change.from()).isEqualTo(Phase.MEDIUM);
    assertThat(change.to()).isEqualTo(Phase.LARGE);
    assertThat(change.atMicros() / 60_000_000L).isBetween(40L, 41L);
    assertThat(change.reason()).contains("above Medium's 5", "for 10m");
    assertThat(engine.peakReplicas()[0]).isGreaterThan(5);
    assertThat(engine.hoursInPhase()).containsKeys(Phase.MEDIUM, Phase.LARGE);
  }

  @Test
  void staticMaxNeverScalesAndUsesThePhaseMaximum() {
    PolicyResult fixed = run(stepLoad()).result("static-max");
    assertThat(fixed.scaleEvents()).containsOnly(0);
    assertThat(fixed.peakReplicas()).containsExactly(5, 5);
    assertThat(fixed.replicaHours()[0]).isEqualTo(5 * 1.5);
    assertThat(fixed.label()).contains("Medium maximum");
  }

  @Test
  void staticPeakIsTheClairvoyantsBusiestMinuteAndMeetsTheSlo() {
    Simulation.Outcome outcome = run(stepLoad());
    PolicyResult peak = outcome.result("static-peak");
    assertThat(peak.scaleEvents()).containsOnly(0);
    assertThat(peak.peakReplicas()).containsExactly(outcome.result("clairvoyant").peakReplicas());
    assertThat(peak.totalSloViolationMinutes()).isZero();
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
  void theClairvoyantLowerBoundByHand() {
    PolicyResult clairvoyant = run(stepLoad()).result("clairvoyant");
    // API: 50 slots of 50ms keep the p95 within 500ms up to ρ ≈ 0.95 (see Need), so 1,500 req/s needs 2
    // pods and 4,500 needs 5. Workers at 100 jobs/s: 150 jobs/s → 2, 450 → 5. The extra pods start one
    // start-up delay (30s) before minute 30.
    assertThat(clairvoyant.series().meanReplicas()[0][0]).isEqualTo(2);
    assertThat(clairvoyant.peakReplicas()).containsExactly(5, 5);
    double early = 3 * 30 / 3600.0;
    assertThat(clairvoyant.replicaHours()[0]).isCloseTo(2 * 0.5 + 5 + early, within(1e-9));
    assertThat(clairvoyant.replicaHours()[1]).isCloseTo(2 * 0.5 + 5 + early, within(1e-9));
    assertThat(clairvoyant.totalSloViolationMinutes()).isZero();
  }

  @Test
  void theLowerBoundsUtilisationIsTheLastWithinTheSlo() {
    ApiLatency latency = new ApiLatency(PARAMS.apiServers(), PARAMS.apiServiceMs(), PARAMS.apiLatencyCapMs());
    double rho = Need.highestUtilisationWithin(latency, 500);
    assertThat(latency.p95Ms(rho)).isLessThanOrEqualTo(500);
    assertThat(latency.p95Ms(rho + 1e-6)).isGreaterThan(500);
    assertThat(rho).isBetween(0.9, 1.0);
    assertThat(Need.highestUtilisationWithin(latency, 100)).as("service alone is slower than the SLO").isZero();
  }

  @Test
  void theTargetsCompareWithTheFairBaselines() {
    Simulation sim = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, stepLoad(), PARAMS);
    ReportContext ctx = new ReportContext("synthetic", Trace.arrivals("synthetic", new long[] {0}), "stack.yaml",
        "shop", "Auto", 1, 1, null, null);
    Simulation.Outcome outcome = sim.run(1, null);
    Report.Verdict v = new Report(sim, outcome, ctx).verdict();
    assertThat(v.hpaHours()).isEqualTo(outcome.result("hpa+keda").totalReplicaHours());
    assertThat(v.hpaSlo()).isEqualTo(outcome.result("hpa+keda").totalSloViolationMinutes());
    assertThat(v.clairvoyantHours()).isEqualTo(outcome.result("clairvoyant").totalReplicaHours());
    assertThat(v.costMet()).isEqualTo(v.engineHours() <= v.hpaHours());
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
    assertThat(outcome.result("static-max").sloViolationMinutes()[0]).isPositive(); // the spikes overload Medium's 5 pods
  }

  @Test
  void thePredictiveFloorLearnsADailyCycleFromTheTracesOwnPast() {
    // Four weeks of a noisy daily cycle: from the third week on the floor has two past weeks to learn from.
    Load daily = Load.of(SyntheticTrace.of("synthetic:daily"), 5).rescaled(2_500.0, null);
    StackPolicy off = StackPolicy.defaults("emails");
    PolicyResult reactive = new Simulation(off, Phase.MEDIUM, daily, PARAMS).run(2, null).result("appstack");
    PolicyResult predictive = new Simulation(off.withPredictive(io.appstack.operator.scaling.config.PredictivePolicy.on()),
        Phase.MEDIUM, daily, PARAMS).run(2, null).result("appstack");
    assertThat(predictive.label()).contains("predictive floor from the last 3 weeks");
    assertThat(predictive.totalSloViolationMinutes()).isLessThan(reactive.totalSloViolationMinutes());
    assertThat(predictive.totalReplicaHours()).isLessThanOrEqualTo(reactive.totalReplicaHours() * 1.05);
  }
}
