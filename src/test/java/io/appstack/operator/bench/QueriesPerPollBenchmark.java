package io.appstack.operator.bench;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.policy.SpecPolicies;
import io.appstack.operator.reconcile.Autoscaler;
import io.appstack.operator.scaling.ScalingEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus queries per poll with the default queries, for 1, 100 and 1,000 AppStacks (API + two
 * worker pools each). Every stack is evaluated once per 15s poll, spread over the interval as the
 * operator's reschedules spread them; a local HTTP server stands in for Prometheus and counts requests.
 *
 * <p>Run: {@code bench/queries-per-poll.sh}
 */
public final class QueriesPerPollBenchmark {
  private static final Duration POLL = Duration.ofSeconds(15);
  private static final int POLLS = 4;

  public static void main(String[] args) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    prometheus.createContext("/api/v1/query", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    prometheus.start();
    URI url = URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort());

    System.out.printf("%-8s %-16s %-20s %s%n", "stacks", "signals/stack", "queries per poll", "queries/stack/poll");
    for (int stacks : new int[] {1, 100, 1_000}) {
      AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
      Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
      };
      Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), new MetricsCollector(clock),
          DefaultQueries.STANDARD, url);
      List<AppStack> fleet = fleet(stacks, url);
      requests.set(0);
      Instant start = now.get();
      for (int poll = 0; poll < POLLS; poll++) {
        for (int i = 0; i < stacks; i++) {
          // Stacks' reschedules spread over the interval.
          now.set(start.plus(POLL.multipliedBy(poll)).plus(POLL.multipliedBy(i).dividedBy(stacks)));
          AppStack stack = fleet.get(i);
          autoscaler.evaluate(stack, SpecPolicies.from(stack.getSpec()), io.appstack.operator.metrics.PrometheusSecrets.NONE);
        }
      }
      double perPoll = requests.get() / (double) POLLS;
      System.out.printf("%-8d %-16d %-20.1f %.3f%n", stacks, 6, perPoll, perPoll / stacks);
    }
    prometheus.stop(0);
  }

  static List<AppStack> fleet(int stacks, URI prometheus) {
    return java.util.stream.IntStream.range(0, stacks).mapToObj(i -> new AppStack("ns-" + (i % 10), "stack-" + i,
        AppStackSpec.ofApi(ApiSpec.of("acme/api:1")).withWorkers(List.of(WorkerSpec.of("emails", "acme/w:1",
            "emails"), WorkerSpec.of("reports", "acme/w:1", "reports"))))).toList();
  }
}
