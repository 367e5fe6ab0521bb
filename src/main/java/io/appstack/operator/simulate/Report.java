package io.appstack.operator.simulate;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.Phase;
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
  /** Target: at least this much fewer replica-hours than static maximum sizing. */
  public static final double SAVING_TARGET_PERCENT = 30;

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
   * The two targets of the issue, measured, and a reference: the replica-hours of clairvoyant sizing
   * ({@link #clairvoyantReplicaHours()}), which no policy that keeps the API under its CPU up
   * threshold and the workers from falling behind can beat.
   */
  public record Verdict(double engineSlo, double hpaSlo, boolean sloMet, double engineHours, double staticHours,
      double savingPercent, boolean savingMet, double clairvoyantHours, double clairvoyantSavingPercent) {}

  public Verdict verdict() {
    PolicyResult engine = outcome.result("appstack");
    PolicyResult fixed = outcome.result("static");
    PolicyResult hpa = outcome.result("hpa+keda");
    double saving = 100 * (1 - engine.totalReplicaHours() / fixed.totalReplicaHours());
    double clairvoyant = clairvoyantReplicaHours();
    return new Verdict(engine.totalSloViolationMinutes(), hpa.totalSloViolationMinutes(),
        engine.totalSloViolationMinutes() < hpa.totalSloViolationMinutes(), engine.totalReplicaHours(),
        fixed.totalReplicaHours(), saving, saving >= SAVING_TARGET_PERCENT, clairvoyant,
        100 * (1 - clairvoyant / fixed.totalReplicaHours()));
  }

  /**
   * A reference, not a policy: replica-hours if every step had exactly the pods its own load needs,
   * with no delay, no start-up and no phase floors — API pods = ⌈rate / (rps-per-pod × CPU up
   * threshold)⌉, each pool ⌈job rate / jobs-per-second⌉ — kept within the global limits.
   */
  public double clairvoyantReplicaHours() {
    Load load = simulation.load();
    ModelParams p = simulation.params();
    var policy = simulation.policy();
    double apiPerPod = p.apiRpsPerPod() * policy.api().cpuUpPercent() / 100;
    int pools = policy.workers().size();
    double jobsPerPool = pools == 0 ? 0 : p.jobsPerRequest() / pools;
    var apiLimits = policy.limits().api();
    var workerLimits = policy.limits().worker();
    double podSeconds = 0;
    for (int k = 0; k < load.steps(); k++) {
      double rate = load.requests(k) / load.stepSeconds();
      podSeconds += apiLimits.clamp((long) Math.ceil(rate / apiPerPod - 1e-9));
      for (int w = 0; w < pools; w++) {
        podSeconds += workerLimits.clamp((long) Math.ceil(rate * jobsPerPool / p.workerJobsPerSecond() - 1e-9));
      }
    }
    return podSeconds * load.stepSeconds() / 3600;
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
    String head = String.format(Locale.ROOT, "%-10s %-22s %11s %13s %6s %18s", "policy", "component", "replica-h",
        "scale events", "peak", "SLO-violation min");
    sb.append(head).append('\n');
    sb.append("-".repeat(head.length())).append('\n');
    ModelParams p = simulation.params();
    for (PolicyResult r : outcome.results()) {
      for (int c = 0; c < r.components().size(); c++) {
        String slo = c == 0 ? "p95 > " + num(p.sloP95Ms()) + "ms" : "wait > " + num(p.sloWaitSeconds()) + "s";
        sb.append(String.format(Locale.ROOT, "%-10s %-22s %11s %13d %6d %18s  %s%n", c == 0 ? r.name() : "",
            r.components().get(c), grouped1(r.replicaHours()[c]), r.scaleEvents()[c], r.peakReplicas()[c],
            grouped1(r.sloViolationMinutes()[c]), slo));
      }
      sb.append(String.format(Locale.ROOT, "%-10s %-22s %11s %13d %6s %18s%n", "", "total",
          grouped1(r.totalReplicaHours()), r.totalScaleEvents(), "", grouped1(r.totalSloViolationMinutes())));
      sb.append(String.format(Locale.ROOT, "%-10s phase changes: %d%s%n", "", r.phaseChanges().size(),
          phaseSummary(r)));
    }
    sb.append('\n');
    for (PolicyResult r : outcome.results()) {
      sb.append(String.format(Locale.ROOT, "%-10s %s%n", r.name(), label(r)));
    }
    return sb.toString();
  }

  /** A policy's description with the sizes it used, e.g. "… (api 5, worker/emails 5)". */
  public String label(PolicyResult r) {
    return r.label() + sizes(r);
  }

  private String sizes(PolicyResult r) {
    if (r.name().equals("appstack")) {
      return "";
    }
    Phase phase = simulation.baselinePhase();
    List<String> parts = new ArrayList<>();
    for (Component c : simulation.policy().components()) {
      var b = simulation.policy().bounds(c, phase);
      parts.add(c.key() + " " + (r.name().equals("static") ? Integer.toString(b.max()) : b.toString()));
    }
    return " (" + String.join(", ", parts) + ")";
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

  /** The verdict lines for the two targets. */
  public List<String> verdictLines() {
    Verdict v = verdict();
    List<String> lines = new ArrayList<>();
    lines.add("target: fewer SLO-violation minutes than hpa+keda: appstack " + grouped1(v.engineSlo()) + " vs "
        + grouped1(v.hpaSlo()) + " → " + (v.sloMet() ? "met" : "NOT met"));
    lines.add("target: ≥ " + num(SAVING_TARGET_PERCENT) + "% fewer replica-hours than static: appstack "
        + grouped1(v.engineHours()) + " vs " + grouped1(v.staticHours()) + " → "
        + (v.savingPercent() >= 0 ? num1(v.savingPercent()) + "% fewer" : num1(-v.savingPercent()) + "% more")
        + " → " + (v.savingMet() ? "met" : "NOT met"));
    lines.add("        reference: clairvoyant sizing (each step exactly the pods its load needs at the CPU up threshold, "
        + "no delays or phase floors) takes " + grouped1(v.clairvoyantHours()) + " replica-hours, "
        + (v.clairvoyantSavingPercent() >= 0 ? num1(v.clairvoyantSavingPercent()) + "% fewer"
            : num1(-v.clairvoyantSavingPercent()) + "% more") + " than static");
    return lines;
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
