package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.api.status.ComponentStatus;
import io.appstack.operator.datatier.DataTierInputs;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.metrics.PrometheusAccess;
import io.appstack.operator.metrics.PrometheusEndpoint;
import io.appstack.operator.metrics.PrometheusSecrets;
import io.appstack.operator.metrics.Reading;
import io.appstack.operator.metrics.SignalQuery;
import io.appstack.operator.policy.SignalSources;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.Rules;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.ScalingLoop;
import io.appstack.operator.scaling.config.PredictivePolicy;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.datatier.ConnectionBudget;
import io.appstack.operator.scaling.datatier.DataTierAdvisor;
import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.Signal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One evaluation of a stack: its metrics from Prometheus through the scaling engine. */
public final class Autoscaler {
  private final ScalingLoop loop;
  private final MetricsCollector metrics;
  private final DefaultQueries queries;
  private final PrometheusAccess access;

  /** Any Prometheus may be queried; a token goes only to {@code defaultPrometheus}. */
  public Autoscaler(ScalingEngine engine, MetricsCollector metrics, DefaultQueries queries, URI defaultPrometheus) {
    this(engine, metrics, queries, PrometheusAccess.anyUrl(defaultPrometheus));
  }

  public Autoscaler(ScalingEngine engine, MetricsCollector metrics, DefaultQueries queries, PrometheusAccess access) {
    this.loop = new ScalingLoop(engine);
    this.metrics = metrics;
    this.queries = queries;
    this.access = access;
  }

  /** Where metrics may be read from and tokens sent; the spec validator enforces it first. */
  public PrometheusAccess access() {
    return access;
  }

  public MetricsCollector metrics() {
    return metrics;
  }

  /**
   * One turn of the scaling loop for {@code stack} under {@code policy}: its signals from Prometheus, its memory from
   * status; {@code secrets} were read from the Secrets its spec names. The reconcile carries the decisions out (the
   * Deployments' replicas, capped by the connection budget, and the status patch that stores the next state).
   */
  public Evaluation evaluate(AppStack stack, StackPolicy policy, PrometheusSecrets secrets) {
    Evaluation[] decided = new Evaluation[1];
    loop.turn(policy, p -> collect(stack, p, secrets), new StatusStateStore(stack), e -> decided[0] = e);
    return decided[0];
  }

  private MetricsSnapshot collect(AppStack stack, StackPolicy policy, PrometheusSecrets secrets) {
    AppStackSpec spec = stack.getSpec();
    PrometheusEndpoint endpoint = endpoint(spec, secrets);
    List<SignalQuery> queries = queries(stack);
    var snapshot = metrics.collect(endpoint, queries, Durations.parse(spec.autoscaling().pollInterval()));
    return policy.predictive().enabled()
        ? snapshot.withForecasts(forecasts(endpoint, queries, policy.predictive())) : snapshot;
  }

  /** History changes slowly: a forecast's queries are asked at most once a minute, for every stack. */
  static final Duration FORECAST_MAX_AGE = Duration.ofMinutes(1);

  /**
   * The predictive floor's forecasts: the API's demand is the default CPU figure times the pods it is over (a stack
   * with its own CPU query gets no API forecast: its figure's basis is not known); a pool's is its queue depth.
   */
  private Map<Component, Forecast> forecasts(PrometheusEndpoint endpoint, List<SignalQuery> queries,
      PredictivePolicy predictive) {
    Map<Component, Forecast> out = new HashMap<>();
    SignalQuery cpu = find(queries, Component.API, Signal.API_CPU_PERCENT);
    SignalQuery pods = find(queries, Component.API, Signal.API_PODS);
    if (cpu != null && cpu.shared() && pods != null && pods.configured()) {
      SignalQuery demand = new SignalQuery(Component.API, Signal.API_CPU_PERCENT,
          "(" + cpu.promql() + ") * on (namespace, appstack) (" + pods.promql() + ")", cpu.match(), true);
      metrics.forecast(endpoint, demand, predictive, FORECAST_MAX_AGE).ifPresent(f -> out.put(Component.API, f));
    }
    for (SignalQuery q : queries) {
      if (q.signal() == Signal.QUEUE_DEPTH && q.configured()) {
        metrics.forecast(endpoint, q, predictive, FORECAST_MAX_AGE).ifPresent(f -> out.put(q.component(), f));
      }
    }
    return out;
  }

  private static SignalQuery find(List<SignalQuery> queries, Component component, Signal signal) {
    for (SignalQuery q : queries) {
      if (component.equals(q.component()) && q.signal() == signal) {
        return q;
      }
    }
    return null;
  }

  /**
   * What the data tier needs from metrics: whether the primary's connections pass 80% of max_connections
   * (PgBouncer in Small), and the figures the advisories are computed from. A figure without a query, or
   * whose query fails, is unknown: nothing is decided from it.
   */
  public DataTierInputs dataTierInputs(AppStack stack, Evaluation evaluation, PrometheusSecrets secrets) {
    var database = stack.getSpec().database();
    var api = evaluation.decision(Component.API);
    Double p95 = api.observed().get(Signal.API_P95_MS.label());
    boolean atCeiling = Rules.HOLD_CEILING.equals(api.rule());
    if (database == null) {
      return new DataTierInputs(false, new DataTierAdvisor.Figures(null, null, null, false, p95, atCeiling));
    }
    PrometheusEndpoint endpoint = endpoint(stack.getSpec(), secrets);
    var queries = database.metrics();
    Double connections = figure(endpoint, queries.connectionsQuery());
    Double sizeBytes = figure(endpoint, queries.sizeBytesQuery());
    Double tenants = figure(endpoint, queries.tenantsQuery());
    boolean replicasOn = Optional.ofNullable(stack.getStatus()).map(AppStackStatus::components)
        .map(c -> c.readReplicas()).map(ComponentStatus::readyReplicas).orElse(0) > 0;
    var figures = new DataTierAdvisor.Figures(sizeBytes == null ? null : sizeBytes / 1e9,
        tenants == null ? null : Math.round(tenants), figure(endpoint, queries.queryLatencyMsQuery()), replicasOn, p95,
        atCeiling);
    boolean connectionsHigh = connections != null
        && connections > database.maxConnections() * ConnectionBudget.SERVER_SHARE_PERCENT / 100.0;
    return new DataTierInputs(connectionsHigh, figures);
  }

  private Double figure(PrometheusEndpoint endpoint, String query) {
    return query != null && metrics.read(endpoint, query) instanceof Reading.Value v ? v.value() : null;
  }

  private PrometheusEndpoint endpoint(AppStackSpec spec, PrometheusSecrets secrets) {
    var prometheus = spec.prometheus();
    URI url = prometheus.url() != null ? URI.create(prometheus.url()) : access.defaultUrl();
    // The validator stalls such a stack first; this keeps a token from leaving even if it did not.
    var token = access.refuseToken(url).isPresent() ? java.util.Optional.<String>empty() : secrets.bearerToken();
    return new PrometheusEndpoint(url, Durations.parse(prometheus.timeout()), token, secrets.caPem(),
        prometheus.insecureSkipTlsVerify());
  }

  /**
   * Every signal's query ({@link SignalSources}), in the order API, each pool, the stack. Defaults are shared by every
   * stack; a spec override is this stack's own query; a signal with neither takes no part.
   */
  List<SignalQuery> queries(AppStack stack) {
    AppStackSpec spec = stack.getSpec();
    Map<String, String> thisStack = Map.of(DefaultQueries.NAMESPACE_LABEL, stack.getMetadata().getNamespace(),
        DefaultQueries.STACK_LABEL, stack.getMetadata().getName());
    List<SignalQuery> list = new ArrayList<>();
    add(list, Component.Kind.API, Component.API, spec, null, thisStack);
    for (WorkerSpec worker : spec.workers()) {
      Map<String, String> queue = new HashMap<>(thisStack);
      queue.put(DefaultQueries.QUEUE_LABEL, worker.queue());
      add(list, Component.Kind.WORKER, Component.worker(worker.name()), spec, worker, queue);
    }
    add(list, null, null, spec, null, thisStack);
    return list;
  }

  private void add(List<SignalQuery> list, Component.Kind kind, Component component, AppStackSpec spec,
      WorkerSpec worker, Map<String, String> match) {
    for (SignalSources source : SignalSources.values()) {
      if (source.signal().kind() != kind) { // null: the stack's own signals
        continue;
      }
      String own = source.override(spec, worker);
      String shared = source.standard(queries, spec, worker);
      if (own != null) {
        list.add(SignalQuery.own(component, source.signal(), own));
      } else if (shared != null) {
        list.add(new SignalQuery(component, source.signal(), shared, match, true));
      } else if (component != null) { // a stack-wide signal without a query is simply absent
        list.add(SignalQuery.none(component, source.signal()));
      }
    }
  }
}
