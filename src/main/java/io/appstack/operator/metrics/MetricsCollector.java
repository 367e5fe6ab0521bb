package io.appstack.operator.metrics;

import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Builds the engine's {@link MetricsSnapshot} for a stack. Shared queries — the defaults, which group
 * by namespace and stack — run once per poll interval and serve every stack; a stack's own overrides
 * run for that stack. Failures become missing signals with the reason, never zeros.
 */
public final class MetricsCollector {
  private record Key(PrometheusEndpoint endpoint, String promql) {}

  private record Cached(QueryResult result, Instant fetchedAt) {}

  private final Clock clock;
  private final Function<PrometheusEndpoint, PrometheusClient> clientFactory;
  private final Map<PrometheusEndpoint, PrometheusClient> clients = new ConcurrentHashMap<>();
  private final Map<Key, Cached> shared = new ConcurrentHashMap<>();
  private final AtomicLong queriesSent = new AtomicLong();
  private final QueryObserver observer;

  /** Told about every query sent, for the operator's own metrics. */
  public interface QueryObserver {
    QueryObserver NONE = (endpoint, duration, result) -> {};

    void observed(PrometheusEndpoint endpoint, Duration duration, QueryResult result);
  }

  public MetricsCollector(Clock clock, Function<PrometheusEndpoint, PrometheusClient> clientFactory,
      QueryObserver observer) {
    this.clock = clock;
    this.clientFactory = clientFactory;
    this.observer = observer;
  }

  public MetricsCollector(Clock clock) {
    this(clock, e -> new PrometheusClient(e.url(), e.timeout(), e.bearerToken(), e.caPem(), e.insecureSkipTlsVerify()),
        QueryObserver.NONE);
  }

  /** Queries sent since start; the benchmark reports it per poll. */
  public long queriesSent() {
    return queriesSent.get();
  }

  /**
   * Reads every signal in {@code queries}; shared answers younger than {@code pollInterval} are reused.
   */
  public MetricsSnapshot collect(PrometheusEndpoint endpoint, List<SignalQuery> queries, Duration pollInterval) {
    MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
    for (SignalQuery query : queries) {
      if (!query.configured()) {
        snapshot.notConfigured(query.component(), query.signal());
        continue;
      }
      QueryResult result = query.shared() ? sharedResult(endpoint, query.promql(), pollInterval)
          : run(endpoint, query.promql());
      Reading reading = result.select(query.match());
      if (reading instanceof Reading.Value value) {
        Sample sample = new Sample(value.value(), value.timestamp());
        if (query.component() == null) {
          snapshot.users(value.value(), value.timestamp());
        } else {
          snapshot.sample(query.component(), query.signal(), sample);
        }
      } else if (reading instanceof Reading.Unhealthy unhealthy) {
        String reason = unhealthy.kind().words() + " (" + unhealthy.message() + ")";
        if (query.component() == null) {
          snapshot.usersMissing(reason);
        } else {
          snapshot.missing(query.component(), query.signal(), reason);
        }
      }
    }
    return snapshot.build();
  }

  /**
   * The predicted demand of a component for the predictive floor: the average of its demand query (the
   * target-tracking signal's total) around the same time of week, {@code leadTime} ahead, in each of the past weeks,
   * and their median ({@link Forecast#of}). Each week is one instant query with a subquery and an offset, and its answer is
   * kept for {@code maxAge} and shared by every stack: history does not change between polls.
   */
  public Optional<Forecast> forecast(PrometheusEndpoint endpoint, SignalQuery demand, PredictivePolicy predictive,
      Duration maxAge) {
    long lead = predictive.leadTime().toSeconds();
    List<Double> levels = new ArrayList<>(predictive.weeks());
    for (int week = 1; week <= predictive.weeks(); week++) {
      // [now − w weeks, now − w weeks + 2 × lead]: the same time of week as now + lead, ± lead.
      String promql = windowAverage(demand.promql(), week * WEEK_SECONDS - 2 * lead, 2 * lead);
      Reading reading = sharedResult(endpoint, promql, maxAge).select(demand.match());
      levels.add(reading instanceof Reading.Value v ? v.value() : null);
    }
    return Forecast.of(levels, predictive.minWeeks(), clock.instant().plus(predictive.leadTime()));
  }

  private static final long WEEK_SECONDS = 7 * 24 * 3600L;

  /** The average of {@code promql} at a 1m resolution over {@code rangeSeconds} ending {@code endsAgo} seconds ago. */
  static String windowAverage(String promql, long endsAgo, long rangeSeconds) {
    return "avg_over_time((" + promql + ")[" + rangeSeconds + "s:1m]" + (endsAgo > 0 ? " offset " + endsAgo + "s" : "")
        + ")";
  }

  /** One figure from a stack's own query (not shared, not cached): exactly one series, or why not. */
  public Reading read(PrometheusEndpoint endpoint, String promql) {
    return run(endpoint, promql).select(Map.of());
  }

  private QueryResult sharedResult(PrometheusEndpoint endpoint, String promql, Duration maxAge) {
    Instant now = clock.instant();
    // compute() holds the key while fetching: stacks reconciled at the same moment wait for one query.
    return shared.compute(new Key(endpoint, promql), (key, cached) ->
        cached != null && cached.fetchedAt().plus(maxAge).isAfter(now) ? cached
            : new Cached(run(endpoint, promql), now)).result();
  }

  private QueryResult run(PrometheusEndpoint endpoint, String promql) {
    queriesSent.incrementAndGet();
    long start = System.nanoTime();
    QueryResult result = clients.computeIfAbsent(endpoint, clientFactory).query(promql, clock.instant());
    observer.observed(endpoint, Duration.ofNanos(System.nanoTime() - start), result);
    return result;
  }
}
