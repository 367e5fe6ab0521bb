package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.testing.PrometheusServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.within;

/**
 * The default CPU query's window on a real Prometheus, with a fixed history (backfilled, so every run reads the same
 * samples): the API of stack {@code shop} has two pods with 1 CPU requested each, scraped every 30 s. Pod abcde used
 * 0.2 CPU until a minute before {@link #AT} and 0.5 since; pod fghij uses 0.9 and its scrape 35 s before AT was
 * missed, so over one minute it has a single sample and {@code rate(…[1m])} nothing for it. Scrapes land 5 s off
 * the minute, so no sample sits on a window's edge (Prometheus 2 closes ranges on the left, 3 opens them).
 */
class CpuRateWindowPrometheusTest {
  static final Instant AT = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
  static final Map<String, String> SHOP = Map.of("namespace", "ns", "appstack", "shop");
  static final String ABCDE = "shop-api-7d9f8b6c5d-abcde";
  static final String FGHIJ = "shop-api-7d9f8b6c5d-fghij";
  static final String PRODUCTION = DefaultQueries.STANDARD.apiCpuPercent();
  static PrometheusServer prometheus;
  static PrometheusClient client;

  @BeforeAll
  static void start() {
    StringBuilder history = new StringBuilder("# TYPE container_cpu_usage_seconds_total counter\n");
    for (int s = 600; s >= 0; s -= 30) {
      history.append(sample(ABCDE, s >= 60 ? 0.2 * (600 - s) : 0.2 * 540 + 0.5 * (60 - s), s));
      if (s != 30) {
        history.append(sample(FGHIJ, 0.9 * (600 - s), s));
      }
    }
    history.append("# TYPE kube_pod_container_resource_requests gauge\n");
    for (int s = 600; s >= 0; s -= 30) {
      for (String pod : new String[] {ABCDE, FGHIJ}) {
        history.append("kube_pod_container_resource_requests{namespace=\"ns\",pod=\"").append(pod)
            .append("\",container=\"api\",resource=\"cpu\",unit=\"core\"} 1 ").append(AT.getEpochSecond() - s - 5)
            .append('\n');
      }
    }
    prometheus = PrometheusServer.withHistory(history.append("# EOF\n").toString());
    client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5), Optional.empty(), false);
  }

  static String sample(String pod, double cpuSeconds, int secondsBeforeAt) {
    return "container_cpu_usage_seconds_total{namespace=\"ns\",pod=\"" + pod + "\",container=\"api\"} " + cpuSeconds
        + " " + (AT.getEpochSecond() - secondsBeforeAt - 5) + "\n";
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static double percent(String query) {
    Reading reading = client.query(query, AT).select(SHOP);
    assertThat(reading).as(query).isInstanceOf(Reading.Value.class);
    return ((Reading.Value) reading).value();
  }

  @Test
  void theLastMinuteIsReadAndAPodWithAMissedScrapeOverTwoMinutes() {
    // abcde's last minute (0.5) and fghij over two minutes (0.9): 1.4 of 2 CPUs.
    assertThat(percent(PRODUCTION)).isCloseTo(70, within(0.5));
  }

  @Test
  void overOneMinuteAloneThePodWithTheMissedScrapeWouldVanishAndTheApiReadNearlyIdle() {
    String oneMinuteOnly = PRODUCTION.replace(" or rate(container_cpu_usage_seconds_total{container=\"api\"}[120s])", "");
    assertThat(oneMinuteOnly).isNotEqualTo(PRODUCTION);
    // fghij's request still counts in the divisor: 0.5 of 2 CPUs.
    assertThat(percent(oneMinuteOnly)).isCloseTo(25, within(0.5));
  }

  @Test
  void overTwoMinutesAloneTheLastMinutesRiseWouldBeHalfDiluted() {
    // The previous default: abcde reads 0.4 (0.2 and 0.5 averaged over 90 s of samples, extrapolated), 1.3 of 2 CPUs.
    String twoMinutes = new DefaultQueries(Duration.ofMinutes(2), Duration.ofMinutes(2)).apiCpuPercent();
    assertThat(percent(twoMinutes)).isCloseTo(65, within(0.5));
  }
}
