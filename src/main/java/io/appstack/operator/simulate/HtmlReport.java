package io.appstack.operator.simulate;

import io.appstack.operator.scaling.Phase;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes the self-contained HTML report: the inputs, the results table, the verdicts and inline
 * SVG charts (JFreeChart drawn onto JFreeSVG) — load and replicas over time per policy, p95 and
 * job wait against their SLO lines, cumulative replica-hours. No scripts, no network.
 */
final class HtmlReport {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 300;
  private static final Map<String, Color> COLORS = Map.of(
      "appstack", new Color(0x1f77b4), "hpa+keda", new Color(0xff7f0e), "static-peak", new Color(0x7f7f7f),
      "static-max", new Color(0xbcbd22), "clairvoyant", new Color(0x9467bd));
  private static final Color LOAD = new Color(0x2ca02c);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private HtmlReport() {}

  /** Writes the report to {@code file} (creating directories) and returns {@code file}. */
  static Path write(Report report, Path file) {
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
      sb.append("<table><tr><th>at (UTC)</th><th>from</th><th>to</th><th>reason</th></tr>\n");
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
        .append(" of replay: mean load and replicas, highest p95 and job wait.</p>\n");
    Charts charts = new Charts(sim, results);
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

  /** The charts of one report; every series shares the time axis of the replay. */
  static final class Charts {
    private final Simulation sim;
    private final List<PolicyResult> results;
    private final int bucketSteps;
    private final double[] times;
    private int count;

    Charts(Simulation sim, List<PolicyResult> results) {
      this.sim = sim;
      this.results = results;
      this.bucketSteps = results.get(0).series().bucketSteps();
      Load load = sim.load();
      int buckets = results.get(0).series().cumulativeReplicaHours().length;
      times = new double[buckets];
      for (int b = 0; b < buckets; b++) {
        times[b] = load.startMicros() / 1000.0 + (double) b * bucketSteps * load.stepSeconds() * 1000;
      }
    }

    JFreeChart load() {
      Load load = sim.load();
      XYSeries s = new XYSeries("offered load (req/s)", false, true);
      for (int b = 0; b < times.length; b++) {
        double sum = 0;
        int from = b * bucketSteps;
        int to = Math.min(load.steps(), from + bucketSteps);
        for (int k = from; k < to; k++) {
          sum += load.requests(k);
        }
        s.add(times[b], sum / ((to - from) * (double) load.stepSeconds()));
      }
      XYSeriesCollection data = new XYSeriesCollection(s);
      XYPlot plot = plot(data, new NumberAxis("requests/s"));
      plot.getRenderer().setSeriesPaint(0, LOAD);
      return (chart("Offered load (mean requests/s)", plot));
    }

    JFreeChart replicas(int component, String title) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (PolicyResult r : results) {
        XYSeries s = new XYSeries(r.name(), false, true);
        double[] v = r.series().meanReplicas()[component];
        for (int b = 0; b < v.length; b++) {
          s.add(times[b], v[b]);
        }
        data.addSeries(s);
      }
      XYPlot plot = plot(data, new NumberAxis("replicas"));
      color(plot);
      return (chart(title + " (mean)", plot));
    }

    JFreeChart p95() {
      XYSeriesCollection data = new XYSeriesCollection();
      for (PolicyResult r : results) {
        XYSeries s = new XYSeries(r.name(), false, true);
        double[] v = r.series().maxP95Ms();
        for (int b = 0; b < v.length; b++) {
          s.add(times[b], Math.max(10, v[b]));
        }
        data.addSeries(s);
      }
      LogAxis axis = logAxis("p95 (ms, log)", 10);
      XYPlot plot = plot(data, axis);
      color(plot);
      slo(plot, sim.params().sloP95Ms(), "SLO " + Report.num(sim.params().sloP95Ms()) + " ms");
      return (chart("API p95 latency (highest)", plot));
    }

    JFreeChart wait(int pool, String name) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (PolicyResult r : results) {
        XYSeries s = new XYSeries(r.name(), false, true);
        double[] v = r.series().maxWaitSeconds()[pool];
        for (int b = 0; b < v.length; b++) {
          s.add(times[b], Math.max(1, v[b]));
        }
        data.addSeries(s);
      }
      LogAxis axis = logAxis("wait (s, log; below 1 s drawn at 1 s)", 1);
      XYPlot plot = plot(data, axis);
      color(plot);
      slo(plot, sim.params().sloWaitSeconds(), "SLO " + Report.num(sim.params().sloWaitSeconds()) + " s");
      return (chart("Longest job wait, " + name + " (highest)", plot));
    }

    JFreeChart cost() {
      XYSeriesCollection data = new XYSeriesCollection();
      for (PolicyResult r : results) {
        XYSeries s = new XYSeries(r.name(), false, true);
        double[] v = r.series().cumulativeReplicaHours();
        for (int b = 0; b < v.length; b++) {
          s.add(times[b], v[b]);
        }
        data.addSeries(s);
      }
      XYPlot plot = plot(data, new NumberAxis("replica-hours"));
      color(plot);
      return (chart("Cumulative replica-hours, all components (cost)", plot));
    }

    // Ticks at powers of ten.
    private static LogAxis logAxis(String label, double smallest) {
      LogAxis axis = new LogAxis(label);
      axis.setSmallestValue(smallest);
      axis.setTickUnit(new NumberTickUnit(1.0), false, false);
      axis.setAutoTickUnitSelection(false);
      axis.setMinorTickMarksVisible(true);
      axis.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      return axis;
    }

    private XYPlot plot(XYSeriesCollection data, ValueAxis range) {
      DateAxis time = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      renderer.setDrawSeriesLineAsPath(true); // one SVG path per series, not one element per segment
      for (int i = 0; i < data.getSeriesCount(); i++) {
        renderer.setSeriesStroke(i, new BasicStroke(1.2f));
      }
      XYPlot plot = new XYPlot(data, time, range, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(new Color(0xdddddd));
      plot.setRangeGridlinePaint(new Color(0xdddddd));
      if (range instanceof NumberAxis n) {
        n.setAutoRangeIncludesZero(true);
      }
      return plot;
    }

    private void color(XYPlot plot) {
      for (int i = 0; i < results.size(); i++) {
        plot.getRenderer().setSeriesPaint(i, COLORS.getOrDefault(results.get(i).name(), Color.BLACK));
      }
    }

    private static void slo(XYPlot plot, double value, String label) {
      ValueMarker m = new ValueMarker(value, new Color(0xb00020), new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
      m.setLabel(label);
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      m.setLabelPaint(new Color(0xb00020));
      plot.addRangeMarker(m);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
      JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
      chart.setBackgroundPaint(Color.WHITE);
      chart.setTitle(new TextTitle(title, TITLE));
      chart.setAntiAlias(true);
      return chart;
    }

    String svg(JFreeChart chart) {
      String id = "chart" + (++count);
      SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
      g.setDefsKeyPrefix(id);
      chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
      return g.getSVGElement(id) + "\n";
    }
  }
}
