package io.appstack.operator.simulate.report;

import static io.appstack.operator.simulate.report.Report.r2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.PhaseEvent;
import io.appstack.operator.simulate.PolicyResult;
import io.appstack.operator.simulate.Simulation;
import io.appstack.operator.simulate.trace.Load;
import io.appstack.operator.simulate.trace.Trace;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report's figures as JSON ({@code --json}): fixed key order, numbers rounded to 2 decimals, no wall-clock data. */
final class ReportJson {
  private ReportJson() {}

  static String of(Report report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("trace", trace(report));
    root.put("stack", stack(report));
    root.put("model", model(report.simulation().params()));
    List<Object> policies = new ArrayList<>();
    for (PolicyResult r : report.outcome().results()) {
      policies.add(policy(report, r));
    }
    root.put("policies", policies);
    root.put("targets", targets(report.verdict()));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> trace(Report report) {
    ReportContext context = report.context();
    Load load = report.simulation().load();
    Trace trace = context.trace();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("file", context.traceName());
    t.put("kind", trace.kind() == Trace.Kind.ARRIVALS ? "arrivals" : "counts");
    t.put("rows", trace.rows());
    if (trace.kind() == Trace.Kind.COUNTS) {
      t.put("intervalSeconds", r2(trace.intervalMicros() / 1e6));
    }
    t.put("start", at(trace, load.startMicros()));
    t.put("timeZone", trace.localTime() ? "local (no zone in the trace)" : "UTC");
    t.put("days", r2((double) load.steps() * load.stepSeconds() / 86_400));
    t.put("traceMedianRps", r2(context.traceMedianRps()));
    t.put("tracePeakRps", r2(context.tracePeakRps()));
    t.put("medianRps", r2(load.medianRps()));
    t.put("peakRps", r2(load.peakRps()));
    t.put("requests", r2(load.total()));
    return t;
  }

  // ISO-8601; a local time gets no Z, which would claim UTC.
  private static String at(Trace trace, long micros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L));
    return trace.localTime()
        ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC))
        : instant.toString();
  }

  private static Map<String, Object> stack(Report report) {
    ReportContext context = report.context();
    Simulation simulation = report.simulation();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("file", context.stackName());
    s.put("name", context.appStackName());
    s.put("phase", context.phaseSpec());
    s.put("startPhase", simulation.startPhase().label());
    s.put("baselinePhase", simulation.baselinePhase().label());
    s.put("components", report.outcome().results().get(0).components());
    return s;
  }

  private static Map<String, Object> model(ModelParams p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stepSeconds", p.stepSeconds());
    m.put("apiRpsPerPod", r2(p.apiRpsPerPod()));
    m.put("apiServiceMs", r2(p.apiServiceMs()));
    m.put("apiSlotsPerPod", p.apiServers());
    m.put("apiLatencyCapMs", r2(p.apiLatencyCapMs()));
    m.put("apiTimeoutSeconds", p.apiTimeoutSeconds());
    m.put("workerJobsPerSecond", r2(p.workerJobsPerSecond()));
    m.put("jobsPerRequest", r2(p.jobsPerRequest()));
    m.put("startupSeconds", p.startupSeconds());
    m.put("metricsDelaySeconds", p.metricsDelaySeconds());
    m.put("cpuWindowSeconds", p.cpuWindowSeconds());
    m.put("latencyWindowSeconds", p.latencyWindowSeconds());
    m.put("hpaCpuWindowSeconds", p.hpaCpuWindowSeconds());
    m.put("pollSeconds", p.pollSeconds());
    m.put("sloP95Ms", r2(p.sloP95Ms()));
    m.put("sloWaitSeconds", r2(p.sloWaitSeconds()));
    m.put("hpaCpuTarget", r2(p.hpaCpuTarget()));
    m.put("hpaTolerance", r2(p.hpaTolerance()));
    m.put("hpaSyncSeconds", p.hpaSyncSeconds());
    m.put("hpaDownscaleWindowSeconds", p.hpaDownWindowSeconds());
    m.put("kedaPollingSeconds", p.kedaPollingSeconds());
    m.put("kedaTargetPerReplica", p.kedaTargetPerReplica() == null ? "depthPerWorker.up" : r2(p.kedaTargetPerReplica()));
    return m;
  }

  private static Map<String, Object> policy(Report report, PolicyResult r) {
    Map<String, Object> pr = new LinkedHashMap<>();
    pr.put("name", r.name());
    pr.put("label", r.label());
    pr.put("sloViolationMinutes", perComponent(r, r.sloViolationMinutes(), r.totalSloViolationMinutes()));
    pr.put("replicaHours", perComponent(r, r.replicaHours(), r.totalReplicaHours()));
    Map<String, Object> events = new LinkedHashMap<>();
    Map<String, Object> peaks = new LinkedHashMap<>();
    for (int c = 0; c < r.components().size(); c++) {
      events.put(r.components().get(c), r.scaleEvents()[c]);
      peaks.put(r.components().get(c), r.peakReplicas()[c]);
    }
    events.put("total", r.totalScaleEvents());
    pr.put("scaleEvents", events);
    pr.put("peakReplicas", peaks);
    pr.put("phaseChanges", r.phaseChanges().size());
    List<Object> changes = new ArrayList<>();
    for (PhaseEvent e : r.phaseChanges()) {
      Map<String, Object> ch = new LinkedHashMap<>();
      ch.put("at", at(report.context().trace(), e.atMicros()));
      ch.put("from", e.from().label());
      ch.put("to", e.to().label());
      ch.put("reason", e.reason());
      changes.add(ch);
    }
    pr.put("phaseChangeList", changes);
    Map<String, Object> phases = new LinkedHashMap<>();
    r.hoursInPhase().forEach((ph, h) -> phases.put(ph.label(), r2(h)));
    pr.put("hoursInPhase", phases);
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("requests", r2(r.api().requests()));
    api.put("served", r2(r.api().served()));
    api.put("timedOut", r2(r.api().timedOut()));
    api.put("maxP95Ms", r2(r.api().maxP95Ms()));
    pr.put("api", api);
    Map<String, Object> pools = new LinkedHashMap<>();
    for (int i = 0; i < r.pools().size(); i++) {
      PolicyResult.PoolFigures f = r.pools().get(i);
      Map<String, Object> pf = new LinkedHashMap<>();
      pf.put("jobsArrived", f.arrived());
      pf.put("jobsDone", f.done());
      pf.put("jobsQueuedAtEnd", f.queuedAtEnd());
      pf.put("meanWaitSeconds", r2(f.meanWaitSeconds()));
      pf.put("maxWaitSeconds", r2(f.maxWaitSeconds()));
      pools.put(r.components().get(i + 1), pf);
    }
    pr.put("workers", pools);
    return pr;
  }

  private static Map<String, Object> targets(Report.Verdict v) {
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("sloViolationMinutesAtMostHpa", target(v.engineSlo(), "hpa+keda", v.hpaSlo(), v.sloMet()));
    targets.put("replicaHoursAtMostHpa", target(v.engineHours(), "hpa+keda", v.hpaHours(), v.costMet()));
    Map<String, Object> bound = target(v.engineHours(), "clairvoyant", v.clairvoyantHours(), v.clairvoyantMet());
    bound.put("factor", r2(Report.CLAIRVOYANT_FACTOR));
    targets.put("replicaHoursWithinClairvoyantFactor", bound);
    return targets;
  }

  private static Map<String, Object> target(double engine, String other, double value, boolean met) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("appstack", r2(engine));
    t.put(other, r2(value));
    t.put("met", met);
    return t;
  }

  private static Map<String, Object> perComponent(PolicyResult r, double[] values, double total) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int c = 0; c < values.length; c++) {
      out.put(r.components().get(c), r2(values[c]));
    }
    out.put("total", r2(total));
    return out;
  }
}
