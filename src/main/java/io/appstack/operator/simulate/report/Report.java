package io.appstack.operator.simulate.report;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.PhaseEvent;
import io.appstack.operator.simulate.PolicyResult;
import io.appstack.operator.simulate.Simulation;
import io.appstack.operator.simulate.trace.Load;
import io.appstack.operator.simulate.trace.Trace;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a simulation as a text table, as JSON, and the target verdicts. */
public final class Report {
  /** Target: at most this many times the clairvoyant lower bound's replica-hours. */
  public static final double CLAIRVOYANT_FACTOR = 1.5;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Simulation simulation;
  private final Simulation.Outcome outcome;
  private final ReportContext context;

  public Report(Simulation simulation, Simulation.Outcome outcome, ReportContext context) {
    this.simulation = simulation;
    this.outcome = outcome;
    this.context = context;
  }

  public Simulation simulation() {
    return simulation;
  }

  public Simulation.Outcome outcome() {
    return outcome;
  }

  public ReportContext context() {
    return context;
  }

  /**
   * The targets, measured against the fair baselines: the engine must not have more SLO-violation minutes nor
   * more replica-hours than HPA + KEDA given the same bounds, and must stay within {@link #CLAIRVOYANT_FACTOR}
   * of the clairvoyant lower bound's replica-hours.
   */
  public record Verdict(double engineSlo, double hpaSlo, double engineHours, double hpaHours,
      double clairvoyantHours) {
    public boolean sloMet() {
      return engineSlo <= hpaSlo;
    }

    public boolean costMet() {
      return engineHours <= hpaHours;
    }

    public boolean clairvoyantMet() {
      return engineHours <= CLAIRVOYANT_FACTOR * clairvoyantHours;
    }
  }

  public Verdict verdict() {
    PolicyResult engine = outcome.result("appstack");
    PolicyResult hpa = outcome.result("hpa+keda");
    return new Verdict(engine.totalSloViolationMinutes(), hpa.totalSloViolationMinutes(), engine.totalReplicaHours(),
        hpa.totalReplicaHours(), outcome.result("clairvoyant").totalReplicaHours());
  }

  // ---------------------------------------------------------------- text

  /** Header lines describing the inputs and the model. */
  public List<String> headerLines() {
    List<String> lines = new ArrayList<>();
    Load load = simulation.load();
    Trace trace = context.trace();
    long spanMicros = (long) load.steps() * load.stepSeconds() * 1_000_000L;
    String kind = trace.kind() == Trace.Kind.ARRIVALS
        ? String.format(Locale.ROOT, "%,d arrivals", trace.rows())
        : String.format(Locale.ROOT, "%,d rows of %s", trace.rows(), duration(trace.intervalMicros() / 1_000_000L));
    lines.add("trace:  " + context.traceName() + " (" + kind + ", " + time(load.startMicros()) + " → "
        + time(load.startMicros() + spanMicros) + " " + clock() + "; " + span(spanMicros / 1e6) + ")");
    lines.add("load:   " + scalingText());
    ModelParams p = simulation.params();
    lines.add("stack:  " + context.stackName() + " (" + context.appStackName() + "): " + String.join(", ",
        outcome.results().get(0).components()) + "; phase " + context.phaseSpec()
        + (simulation.policy().phaseMode().isAuto() ? ", starting in " + simulation.startPhase().label() : ""));
    lines.add("model:  api " + grouped(p.apiRpsPerPod()) + " req/s per pod at 100% CPU, service " + num(p.apiServiceMs())
        + "ms (" + p.apiServers() + " slots/pod, M/M/c p95), workers " + num(p.workerJobsPerSecond()) + " jobs/s, "
        + num(p.jobsPerRequest()) + " jobs/request");
    lines.add("        start-up " + p.startupSeconds() + "s, metrics delay " + p.metricsDelaySeconds() + "s (engine: cpu over "
        + duration(p.cpuWindowSeconds()) + ", p95 over " + duration(p.latencyWindowSeconds()) + "; HPA: cpu over "
        + duration(p.hpaCpuWindowSeconds()) + "), poll " + p.pollSeconds() + "s, step " + p.stepSeconds() + "s");
    lines.add("        SLO: p95 ≤ " + num(p.sloP95Ms()) + "ms, job wait ≤ " + num(p.sloWaitSeconds()) + "s");
    return lines;
  }

  /**
   * What the trace's times are: "UTC" for epoch seconds and times with an offset; times without
   * one are the trace's own wall clock, whose zone nothing tells (not guessed from a column name).
   */
  String clock() {
    return context.trace().localTime() ? "local time, no zone in the trace" : "UTC";
  }

  /** A span for people: "45 s", "57 min", "5.5 h" under a day, else "62.0 days". */
  static String span(double seconds) {
    if (seconds < 60) {
      return num(Math.round(seconds)) + " s";
    }
    if (seconds < 3600) {
      return num(Math.round(seconds / 60)) + " min";
    }
    if (seconds < 86_400) {
      return num1(seconds / 3600) + " h";
    }
    return num1(seconds / 86_400) + " days";
  }

  String scalingText() {
    Load load = simulation.load();
    String trace = "trace median " + num2(context.traceMedianRps()) + " req/s, peak " + num2(context.tracePeakRps())
        + " req/s";
    if (context.medianRps() == null && context.peakRps() == null) {
      return "as recorded: " + trace;
    }
    String how;
    if (context.medianRps() != null && context.peakRps() != null) {
      how = "power-mapped";
    } else {
      double factor = context.medianRps() != null ? context.medianRps() / context.traceMedianRps()
          : context.peakRps() / context.tracePeakRps();
      how = "×" + num2(factor);
    }
    return "rescaled " + how + " to median " + grouped(load.medianRps()) + " req/s, peak " + grouped(load.peakRps())
        + " req/s (" + trace + "; per-minute rates)";
  }

  /** The results table, one block per policy. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    String head = String.format(Locale.ROOT, "%-12s %-22s %11s %13s %6s %18s", "policy", "component", "replica-h",
        "scale events", "peak", "SLO-violation min");
    sb.append(head).append('\n');
    sb.append("-".repeat(head.length())).append('\n');
    ModelParams p = simulation.params();
    for (PolicyResult r : outcome.results()) {
      for (int c = 0; c < r.components().size(); c++) {
        String slo = c == 0 ? "p95 > " + num(p.sloP95Ms()) + "ms" : "wait > " + num(p.sloWaitSeconds()) + "s";
        sb.append(String.format(Locale.ROOT, "%-12s %-22s %11s %13d %6d %18s  %s%n", c == 0 ? r.name() : "",
            r.components().get(c), grouped1(r.replicaHours()[c]), r.scaleEvents()[c], r.peakReplicas()[c],
            grouped1(r.sloViolationMinutes()[c]), slo));
      }
      sb.append(String.format(Locale.ROOT, "%-12s %-22s %11s %13d %6s %18s%n", "", "total",
          grouped1(r.totalReplicaHours()), r.totalScaleEvents(), "", grouped1(r.totalSloViolationMinutes())));
      if (!r.hoursInPhase().isEmpty()) {
        sb.append(String.format(Locale.ROOT, "%-12s phase changes: %d%s%n", "", r.phaseChanges().size(),
            phaseSummary(r)));
      }
    }
    sb.append('\n');
    for (PolicyResult r : outcome.results()) {
      sb.append(String.format(Locale.ROOT, "%-12s %s%n", r.name(), r.label()));
    }
    return sb.toString();
  }

  private String phaseSummary(PolicyResult r) {
    StringBuilder sb = new StringBuilder();
    List<PhaseEvent> changes = r.phaseChanges();
    for (int i = 0; i < changes.size() && i < 4; i++) {
      PhaseEvent e = changes.get(i);
      sb.append(i == 0 ? " (" : ", ").append(e.from().label()).append("→").append(e.to().label()).append(' ')
          .append(time(e.atMicros()));
    }
    if (changes.size() > 4) {
      sb.append(", …");
    }
    if (!changes.isEmpty()) {
      sb.append(')');
    }
    List<String> shares = new ArrayList<>();
    for (Map.Entry<Phase, Double> e : r.hoursInPhase().entrySet()) {
      shares.add(e.getKey().label() + " " + grouped1(e.getValue()) + "h");
    }
    return "; hours in phase: " + String.join(", ", shares);
  }

  /** The verdict lines, one per target. */
  public List<String> verdictLines() {
    Verdict v = verdict();
    return List.of(
        "target: SLO-violation minutes ≤ hpa+keda: appstack " + grouped1(v.engineSlo()) + " vs "
            + grouped1(v.hpaSlo()) + " → " + met(v.sloMet()),
        "target: replica-hours ≤ hpa+keda: appstack " + grouped1(v.engineHours()) + " vs " + grouped1(v.hpaHours())
            + " (" + percent(v.engineHours(), v.hpaHours()) + ") → " + met(v.costMet()),
        "target: replica-hours ≤ " + num(CLAIRVOYANT_FACTOR) + "× the clairvoyant lower bound: appstack "
            + grouped1(v.engineHours()) + " vs " + grouped1(v.clairvoyantHours()) + " ("
            + num2(v.engineHours() / v.clairvoyantHours()) + "×) → " + met(v.clairvoyantMet()));
  }

  private static String met(boolean met) {
    return met ? "met" : "NOT met";
  }

  // "12.5% fewer" / "3.0% more" of a against b.
  private static String percent(double a, double b) {
    double d = 100 * (a / b - 1);
    return d <= 0 ? num1(-d) + "% fewer" : num1(d) + "% more";
  }

  // ---------------------------------------------------------------- JSON

  /** The same figures as JSON: fixed key order, numbers rounded to 2 decimals, no wall-clock data. */
  public String json() {
    return ReportJson.of(this);
  }

  // ---------------------------------------------------------------- formatting

  /** Rounded to 2 decimals, written without exponent or trailing zeros (15950000, 12.5, 0.07). */
  static BigDecimal r2(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("not a finite number: " + v);
    }
    BigDecimal r = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return r.signum() == 0 ? BigDecimal.ZERO : r;
  }

  static String time(long epochMicros) {
    return MINUTE.format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L)));
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v)
        .replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static String num1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String num2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String grouped(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String grouped1(double v) {
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  static String duration(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
