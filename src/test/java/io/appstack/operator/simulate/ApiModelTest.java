package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The API latency formula against closed forms, and the CPU/backlog model. */
class ApiModelTest {

  @Test
  void mm1IsTheClosedFormServiceTimeTimesLn20OverOneMinusRho() {
    // M/M/1 response time is exponential with rate μ(1 − ρ): p95 = S·ln 20 / (1 − ρ).
    for (double rho : new double[] {0.1, 0.5, 0.8, 0.95, 0.99}) {
      assertThat(ApiLatency.p95InServiceTimes(1, rho)).isCloseTo(Math.log(20) / (1 - rho), within(1e-6));
    }
  }

  @Test
  void erlangCKnownValues() {
    // c = 2, a = 1 Erlang (ρ = 0.5): C = 1/3. c = 1: C = ρ.
    assertThat(ApiLatency.erlangC(2, 0.5)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(ApiLatency.erlangC(1, 0.7)).isCloseTo(0.7, within(1e-12));
    assertThat(ApiLatency.erlangC(50, 0.5)).isBetween(1e-6, 1e-5); // 50 slots at half load rarely queue
  }

  @Test
  void p95RisesSharplyNearSaturationAndIsCappedAtIt() {
    ApiLatency latency = new ApiLatency(50, 50, 10_000);
    assertThat(latency.p95Ms(0)).isCloseTo(50 * Math.log(20), within(1e-6)); // the service time's own p95
    assertThat(latency.p95Ms(0.7)).isCloseTo(50 * Math.log(20), within(1.0));
    double previous = 0;
    for (double rho = 0; rho < 1; rho += 0.001) {
      double p95 = latency.p95Ms(rho);
      assertThat(p95).isGreaterThanOrEqualTo(previous - 1e-6); // bisection to 1e-9 relative
      previous = p95;
    }
    assertThat(latency.p95Ms(0.98)).isLessThan(250); // 50 slots: flat until close to saturation,
    assertThat(latency.p95Ms(0.995)).isGreaterThan(500); // then steep
    assertThat(latency.p95Ms(0.999)).isGreaterThan(2_000);
    assertThat(latency.p95Ms(1.0)).isEqualTo(10_000);
    assertThat(latency.p95Ms(3.0)).isEqualTo(10_000);
  }

  @Test
  void cpuIsLoadOverReadyCapacityAndOverloadBuildsABacklog() {
    ApiModel api = new ApiModel(1000, 100, new ApiLatency(50, 50, 10_000), 60);
    api.step(2_000 * 5, 4, 5); // 2,000 req/s on 4 pods
    assertThat(api.cpuPercent()).isCloseTo(50, within(1e-9));
    assertThat(api.p95Ms()).isLessThan(200);
    assertThat(api.backlog()).isZero();

    api.step(5_000 * 5, 4, 5); // 5,000 req/s on 4,000 req/s of capacity
    assertThat(api.cpuPercent()).isEqualTo(100);
    assertThat(api.backlog()).isCloseTo(5_000, within(1e-6));
    assertThat(api.p95Ms()).isCloseTo(10_000 + 1_000 * 5_000 / 4_000.0, within(1e-6));

    api.step(0, 4, 5); // the backlog drains
    assertThat(api.backlog()).isZero();
    assertThat(api.served()).isCloseTo(35_000, within(1e-6));
  }

  @Test
  void aPodWithoutACpuLimitServesMoreAndItsCpuReadsAbove100() {
    ApiModel api = new ApiModel(1000, 150, new ApiLatency(50, 50, 10_000), 60);
    api.step(5_000 * 5, 4, 5); // 5,000 req/s on 4 pods that may use 150% of their request: 6,000 req/s
    assertThat(api.cpuPercent()).isCloseTo(125, within(1e-9));
    assertThat(api.backlog()).isZero();
    api.step(8_000 * 5, 4, 5); // beyond even that: CPU reads its ceiling, 150%
    assertThat(api.cpuPercent()).isCloseTo(150, within(1e-9));
    assertThat(api.backlog()).isCloseTo(10_000, within(1e-6));
  }

  @Test
  void requestsWaitingLongerThanTheTimeoutAreDropped() {
    ApiModel api = new ApiModel(100, 100, new ApiLatency(5, 50, 10_000), 10);
    for (int k = 0; k < 10; k++) {
      api.step(1_000, 1, 5); // 200 req/s on 100 req/s
    }
    assertThat(api.backlog()).isCloseTo(1_000, within(1e-6)); // 10s × 100 req/s
    assertThat(api.offered()).isCloseTo(api.served() + api.dropped() + api.backlog(), within(1e-6));
    assertThat(api.dropped()).isGreaterThan(0);
    assertThat(api.p95Ms()).isEqualTo(10_000);
  }

  @Test
  void p95NeverExceedsTheTimeoutEvenWithALatencyCapAboveIt() {
    // --api-latency-cap 120s with --api-timeout 60s: a request is dropped at 60s, so no p95 is above it.
    ApiModel api = new ApiModel(1_000, 100, new ApiLatency(50, 50, 120_000), 60);
    api.step(5_000, 1, 5); // exactly at capacity: no backlog, ρ = 1
    assertThat(api.backlogged()).isFalse();
    assertThat(api.p95Ms()).isEqualTo(60_000);
    api.step(4_999.99, 1, 5); // just below saturation: M/M/c p95 far above a minute
    assertThat(api.p95Ms()).isLessThanOrEqualTo(60_000);
    api.step(1_000_000, 1, 5); // a backlog beyond the timeout
    assertThat(api.p95Ms()).isEqualTo(60_000);
  }
}
