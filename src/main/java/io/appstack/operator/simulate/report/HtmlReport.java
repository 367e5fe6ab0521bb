package io.appstack.operator.simulate.report;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.simulate.InputException;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.PhaseEvent;
import io.appstack.operator.simulate.PolicyResult;
import io.appstack.operator.simulate.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the self-contained HTML report: the inputs, the results table, the verdicts and inline
 * SVG charts ({@link HtmlCharts}) — load and replicas over time per policy, the share of time over
 * the p95 and job-wait SLOs, cumulative replica-hours. No scripts, no network.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes the report to {@code file} (creating directories) and returns {@code file}. */
  public static Path write(Report report, Path file) {
    String html = html(report);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new InputException(file + ": cannot write the report (" + e.getMessage() + ")");
    }
  }

  static String html(Report report) {
    Simulation sim = report.simulation();
    List<PolicyResult> results = report.outcome().results();
    ModelParams p = sim.params();
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>AppStack simulation — ").append(esc(report.context().traceName())).append("</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:1140px;margin:1em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f0f0}")
        .append("pre{background:#f8f8f8;padding:0.5em;overflow-x:auto}.met{color:#2a7a2a}.miss{color:#b00020}")
        .append("svg{display:block;margin:0.5em 0}</style></head><body>\n");
    sb.append("<h1>AppStack simulation</h1>\n<pre>");
    for (String line : report.headerLines()) {
      sb.append(esc(line)).append('\n');
    }
    sb.append("</pre>\n");

    sb.append("<h2>Results</h2>\n<table><tr><th>policy</th><th>component</th><th>replica-hours</th>")
        .append("<th>scale events</th><th>peak replicas</th><th>SLO-violation minutes</th><th>SLO</th></tr>\n");
    for (PolicyResult r : results) {
      int rows = r.components().size() + 1;
      for (int c = 0; c < r.components().size(); c++) {
        sb.append("<tr>");
        if (c == 0) {
          sb.append("<td rowspan=\"").append(rows).append("\"><b>").append(esc(r.name())).append("</b></td>");
        }
        String slo = c == 0 ? "p95 &gt; " + Report.num(p.sloP95Ms()) + " ms" : "job wait &gt; "
            + Report.num(p.sloWaitSeconds()) + " s";
        sb.append("<td>").append(esc(r.components().get(c))).append("</td>")
            .append(num(Report.grouped1(r.replicaHours()[c]))).append(num(Integer.toString(r.scaleEvents()[c])))
            .append(num(Integer.toString(r.peakReplicas()[c]))).append(num(Report.grouped1(r.sloViolationMinutes()[c])))
            .append("<td>").append(slo).append("</td></tr>\n");
      }
      sb.append("<tr><td><i>total</i></td>").append(num(Report.grouped1(r.totalReplicaHours())))
          .append(num(Integer.toString(r.totalScaleEvents()))).append("<td></td>")
          .append(num(Report.grouped1(r.totalSloViolationMinutes()))).append("<td>phase changes: ")
          .append(r.phaseChanges().size()).append("</td></tr>\n");
    }
    sb.append("</table>\n<ul>");
    for (PolicyResult r : results) {
      sb.append("<li><b>").append(esc(r.name())).append("</b>: ").append(esc(r.label())).append("</li>");
    }
    sb.append("</ul>\n<h2>Targets</h2>\n<ul>");
    Report.Verdict v = report.verdict();
    List<String> verdicts = report.verdictLines();
    boolean[] met = {v.sloMet(), v.costMet(), v.clairvoyantMet()};
    for (int i = 0; i < met.length; i++) {
      sb.append("<li class=\"").append(met[i] ? "met" : "miss").append("\">").append(esc(verdicts.get(i)))
          .append("</li>");
    }
    sb.append("</ul>\n");

    PolicyResult engine = report.outcome().result("appstack");
    sb.append("<h2>Phase changes of the engine (").append(engine.phaseChanges().size()).append(")</h2>\n");
    if (engine.phaseChanges().isEmpty()) {
      sb.append("<p>none</p>\n");
    } else {
      sb.append("<table><tr><th>at (").append(esc(report.clock())).append(")</th><th>from</th><th>to</th><th>reason</th></tr>\n");
      for (PhaseEvent e : engine.phaseChanges()) {
        sb.append("<tr><td>").append(Report.time(e.atMicros())).append("</td><td>").append(e.from().label())
            .append("</td><td>").append(e.to().label()).append("</td><td>").append(esc(e.reason())).append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    StringBuilder shares = new StringBuilder();
    for (Map.Entry<Phase, Double> e : engine.hoursInPhase().entrySet()) {
      shares.append(shares.length() == 0 ? "" : ", ").append(e.getKey().label()).append(' ')
          .append(Report.grouped1(e.getValue())).append(" h");
    }
    sb.append("<p>Time in phase: ").append(esc(shares.toString())).append("</p>\n");

    sb.append("<h2>Charts</h2>\n<p>Each point summarises ")
        .append(Report.duration((long) results.get(0).series().bucketSteps() * p.stepSeconds()))
        .append(" of replay: mean load and replicas; for p95 and job wait, the percent of that time over the SLO")
        .append(" (the steps the SLO-violation minutes count). Times: ").append(esc(report.clock())).append(".</p>\n");
    HtmlCharts charts = new HtmlCharts(report);
    sb.append(charts.svg(charts.load()));
    sb.append(charts.svg(charts.replicas(0, "API replicas")));
    for (int c = 1; c < results.get(0).components().size(); c++) {
      sb.append(charts.svg(charts.replicas(c, "Replicas of " + results.get(0).components().get(c))));
    }
    sb.append(charts.svg(charts.p95()));
    for (int c = 1; c < results.get(0).components().size(); c++) {
      sb.append(charts.svg(charts.wait(c - 1, results.get(0).components().get(c))));
    }
    sb.append(charts.svg(charts.cost()));
    sb.append("<h2>Model</h2>\n<p>API pods serve ").append(Report.grouped(p.apiRpsPerPod()))
        .append(" requests/s each at 100% CPU with ").append(p.apiServers())
        .append(" concurrent slots (mean service time ").append(Report.num(p.apiServiceMs()))
        .append(" ms); p95 from M/M/c (Erlang C), capped at ").append(Report.num(p.apiLatencyCapMs() / 1000))
        .append(" s at saturation plus the backlog's drain time. Workers finish ")
        .append(Report.num(p.workerJobsPerSecond())).append(" jobs/s each from a FIFO queue; each request enqueues ")
        .append(Report.num(p.jobsPerRequest())).append(" jobs. Pods are ready ").append(p.startupSeconds())
        .append(" s after creation; controllers see metrics ").append(p.metricsDelaySeconds())
        .append(" s old. Full description: README, “How the simulator models a stack”.</p>\n");
    sb.append("</body></html>\n");
    return sb.toString();
  }


  private static String num(String s) {
    return "<td class=\"n\">" + s + "</td>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
