package io.appstack.operator.simulate.report;

import io.appstack.operator.simulate.PolicyResult;
import io.appstack.operator.simulate.Simulation;
import io.appstack.operator.simulate.trace.Load;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The charts of one HTML report (JFreeChart drawn onto JFreeSVG). Every chart shares the replay's
 * time axis, from its first step to its end; a point is one bucket of the policies' series, drawn
 * at the bucket's start.
 */
final class HtmlCharts {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 300;
  private static final Map<String, Color> COLORS = Map.of(
      "appstack", new Color(0x1f77b4), "hpa+keda", new Color(0xff7f0e), "static-peak", new Color(0x7f7f7f),
      "static-max", new Color(0xbcbd22), "clairvoyant", new Color(0x9467bd));
  private static final Color LOAD = new Color(0x2ca02c);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private final Simulation sim;
  private final List<PolicyResult> results;
  private final int bucketSteps;
  private final double[] times;
  private final Range span;
  private final String timeLabel;
  private final String bucket;
  private int count;

  HtmlCharts(Report report) {
    this.sim = report.simulation();
    this.results = report.outcome().results();
    this.bucketSteps = results.get(0).series().bucketSteps();
    Load load = sim.load();
    int buckets = results.get(0).series().cumulativeReplicaHours().length;
    times = new double[buckets];
    double startMs = load.startMicros() / 1000.0;
    for (int b = 0; b < buckets; b++) {
      times[b] = startMs + (double) b * bucketSteps * load.stepSeconds() * 1000;
    }
    span = new Range(startMs, startMs + (double) load.steps() * load.stepSeconds() * 1000);
    timeLabel = "time (" + report.clock() + ")";
    bucket = Report.duration((long) bucketSteps * load.stepSeconds());
  }

  /** The axis range of every chart: the replay's first step to its end, no margin, no rounding. */
  Range timeRange() {
    return span;
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
    return chart("Offered load (mean requests/s)", plot);
  }

  JFreeChart replicas(int component, String title) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (PolicyResult r : results) {
      data.addSeries(series(r.name(), r.series().meanReplicas()[component]));
    }
    XYPlot plot = plot(data, new NumberAxis("replicas"));
    color(plot);
    return chart(title + " (mean)", plot);
  }

  /** Per policy, the percent of each point's time with the API p95 above the SLO. */
  JFreeChart p95() {
    String slo = Report.num(sim.params().sloP95Ms()) + " ms";
    XYSeriesCollection data = new XYSeriesCollection();
    for (PolicyResult r : results) {
      data.addSeries(series(r.name(), r.series().p95OverSloPercent()));
    }
    return overSlo(data, "API p95 over the SLO (" + slo + "): % of time", "% of time with p95 > " + slo,
        "percent of each " + bucket + " point's steps in which the API p95 was above " + slo + ", per policy");
  }

  /** Per policy, the percent of each point's time in which some job of the pool waited longer than the SLO. */
  JFreeChart wait(int pool, String name) {
    String slo = Report.num(sim.params().sloWaitSeconds()) + " s";
    XYSeriesCollection data = new XYSeriesCollection();
    for (PolicyResult r : results) {
      data.addSeries(series(r.name(), r.series().waitOverSloPercent()[pool]));
    }
    return overSlo(data, "Job wait over the SLO (" + slo + "), " + name + ": % of time", "% of time with a wait > "
        + slo, "percent of each " + bucket + " point's steps in which some job of " + name + " had waited longer than "
        + slo + ", per policy");
  }

  JFreeChart cost() {
    XYSeriesCollection data = new XYSeriesCollection();
    for (PolicyResult r : results) {
      data.addSeries(series(r.name(), r.series().cumulativeReplicaHours()));
    }
    XYPlot plot = plot(data, new NumberAxis("replica-hours"));
    color(plot);
    return chart("Cumulative replica-hours, all components (cost)", plot);
  }

  private XYSeries series(String name, double[] values) {
    XYSeries s = new XYSeries(name, false, true);
    for (int b = 0; b < values.length; b++) {
      s.add(times[b], values[b]);
    }
    return s;
  }

  // 0–100 %: the share is bounded, so a fixed axis lets charts of different runs be compared.
  private JFreeChart overSlo(XYSeriesCollection data, String title, String axisLabel, String subtitle) {
    NumberAxis axis = new NumberAxis(axisLabel);
    XYPlot plot = plot(data, axis);
    axis.setRange(0, 100);
    color(plot);
    JFreeChart chart = chart(title, plot);
    TextTitle note = new TextTitle(subtitle, SUBTITLE);
    chart.addSubtitle(0, note);
    return chart;
  }

  private XYPlot plot(XYSeriesCollection data, ValueAxis range) {
    DateAxis time = new DateAxis(timeLabel, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    // Local times are stored as if UTC, so drawing in UTC shows the trace's own wall clock.
    time.setLowerMargin(0);
    time.setUpperMargin(0);
    time.setRange(span);
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
