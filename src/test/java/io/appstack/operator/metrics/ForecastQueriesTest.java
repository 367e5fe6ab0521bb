package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.Signal;
import io.appstack.operator.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The predictive floor's history queries: one per past week, each a window a week (or two, three…) back around the
 * same time of week as now + lead time; shared by every stack and asked at most once per max age.
 */
class ForecastQueriesTest {
  static final Instant NOW = Instant.parse("2026-12-02T08:58:00Z");

  /**
   * A Prometheus HTTP API on loopback that answers each week's query with that week's level for two stacks (week 3
   * has no data) and records what was asked.
   */
  static final class History implements AutoCloseable {
    final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final HttpServer server;

    History() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/api/v1/query", exchange -> {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String promql = URLDecoder.decode(form.replaceAll("^query=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
        asked.add(promql);
        int week = promql.contains("offset 604560s") ? 1 : promql.contains("offset 1209360s") ? 2 : 3;
        String result = week == 3 ? "" : series("shop", week == 1 ? 480 : 520) + "," + series("blog", 90);
        byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result
            + "]}}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    }

    static String series(String stack, double value) {
      return "{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"" + stack + "\"},\"value\":["
          + NOW.getEpochSecond() + ",\"" + value + "\"]}";
    }

    PrometheusEndpoint endpoint() {
      return new PrometheusEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
          Duration.ofSeconds(5), Optional.empty(), Optional.empty(), false);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static MetricsCollector collector(Clock clock) {
    return new MetricsCollector(clock);
  }

  static SignalQuery demand(String stack) {
    return new SignalQuery(Component.API, Signal.API_CPU_PERCENT, "sum(demand)",
        Map.of("namespace", "ns", "appstack", stack), true);
  }

  @Test
  void eachWeekIsOneWindowAroundTheSameTimeOfWeekAndTheMedianOfTheWeeksWithData() throws IOException {
    PredictivePolicy three = new PredictivePolicy(true, 3, 2, Duration.ofMinutes(2));
    try (History history = new History()) {
      Optional<Forecast> f = collector(Clock.fixed(NOW, ZoneOffset.UTC))
          .forecast(history.endpoint(), demand("shop"), three, Duration.ofMinutes(1));
      // Forecast for 09:00: each week's window is 08:58–09:02 of that day, i.e. it ends a week minus 4 minutes ago.
      assertThat(history.asked).containsExactly(
          "avg_over_time((sum(demand))[240s:1m] offset 604560s)",
          "avg_over_time((sum(demand))[240s:1m] offset 1209360s)",
          "avg_over_time((sum(demand))[240s:1m] offset 1814160s)");
      assertThat(f).hasValueSatisfying(forecast -> {
        assertThat(forecast.total()).isEqualTo(500); // median of 480 and 520; week 3 had no data
        assertThat(forecast.weeks()).isEqualTo(2);
        assertThat(forecast.at()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
      });
    }
  }

  @Test
  void theQueriesAreSharedByEveryStackAndAskedOnceAMinute() throws IOException {
    PredictivePolicy two = new PredictivePolicy(true, 2, 2, Duration.ofMinutes(2));
    MutableClock clock = new MutableClock(NOW);
    try (History history = new History()) {
      MetricsCollector collector = new MetricsCollector(clock);
      assertThat(collector.forecast(history.endpoint(), demand("shop"), two, Duration.ofMinutes(1))).isPresent();
      assertThat(collector.forecast(history.endpoint(), demand("blog"), two, Duration.ofMinutes(1)))
          .hasValueSatisfying(f -> assertThat(f.total()).isEqualTo(90));
      assertThat(history.asked).as("one query per week for every stack").hasSize(2);
      clock.set(NOW.plusSeconds(30));
      collector.forecast(history.endpoint(), demand("shop"), two, Duration.ofMinutes(1));
      assertThat(history.asked).as("within the minute: from the cache").hasSize(2);
      clock.set(NOW.plusSeconds(61));
      collector.forecast(history.endpoint(), demand("shop"), two, Duration.ofMinutes(1));
      assertThat(history.asked).as("a minute later: asked again").hasSize(4);
    }
  }

  @Test
  void tooFewWeeksWithDataIsNoForecast() throws IOException {
    PredictivePolicy needsThree = new PredictivePolicy(true, 3, 3, Duration.ofMinutes(2));
    try (History history = new History()) {
      assertThat(collector(Clock.fixed(NOW, ZoneOffset.UTC))
          .forecast(history.endpoint(), demand("shop"), needsThree, Duration.ofMinutes(1))).isEmpty();
    }
  }
}
