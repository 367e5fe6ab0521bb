package io.appstack.operator.simulate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.simulate.ModelParams;
import io.appstack.operator.simulate.Simulation;
import io.appstack.operator.simulate.trace.Load;
import io.appstack.operator.simulate.trace.Trace;
import io.appstack.operator.simulate.trace.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.junit.jupiter.api.Test;

/** What the report says about the trace's times and span, and the charts' axes, on short traces. */
class SimulateReportTest {

  /** A per-minute trace of {@code minutes} rows from {@code start} (as written in the CSV). */
  static Report report(String start, String suffix, int minutes) throws IOException {
    StringBuilder csv = new StringBuilder("minute_start,requests\n");
    Instant t0 = Instant.parse(start + ":00Z");
    for (int m = 0; m < minutes; m++) {
      csv.append(t0.plusSeconds(60L * m).toString().substring(0, 16)).append(suffix).append(',')
          .append(60_000 + 600 * (m % 10)).append('\n');
    }
    Trace trace = new TraceReader(null, null, false, null)
        .read(new BufferedReader(new StringReader(csv.toString())), "short.csv");
    Load load = Load.of(trace, 5);
    Simulation sim = new Simulation(StackPolicy.defaults("emails"), Phase.MEDIUM, load, ModelParams.defaults());
    ReportContext ctx = new ReportContext("short.csv", trace, "stack.yaml", "shop", "Auto", load.medianRps(),
        load.peakRps(), null, null);
    return new Report(sim, sim.run(1, null), ctx);
  }

  @Test
  void timesWithoutAnOffsetAreCalledLocalNotUtcAndShortSpansAreMinutes() throws IOException {
    Report r = report("1995-07-01T00:00", "", 57);
    assertThat(r.headerLines().get(0)).isEqualTo("trace:  short.csv (57 rows of 1m, 1995-07-01 00:00 → "
        + "1995-07-01 00:57 local time, no zone in the trace; 57 min)");
    assertThat(r.json()).contains("\"start\" : \"1995-07-01T00:00:00\",")
        .contains("\"timeZone\" : \"local (no zone in the trace)\"");
    String html = HtmlReport.html(r);
    assertThat(html).contains("local time, no zone in the trace").doesNotContain("UTC");
  }

  @Test
  void timesWithAnOffsetAreUtcAndSpansUnderADayAreHours() throws IOException {
    Report r = report("2024-01-01T10:00", "+02:00", 330);
    assertThat(r.headerLines().get(0)).isEqualTo("trace:  short.csv (330 rows of 1m, 2024-01-01 08:00 → "
        + "2024-01-01 13:30 UTC; 5.5 h)");
    assertThat(r.json()).contains("\"start\" : \"2024-01-01T08:00:00Z\",").contains("\"timeZone\" : \"UTC\"");
    assertThat(HtmlReport.html(r)).contains("time (UTC)");
  }

  @Test
  void spansForPeople() {
    assertThat(Report.span(45)).isEqualTo("45 s");
    assertThat(Report.span(57 * 60)).isEqualTo("57 min");
    assertThat(Report.span(5.5 * 3600)).isEqualTo("5.5 h");
    assertThat(Report.span(86_400 * 62 + 60)).isEqualTo("62.0 days");
  }

  @Test
  void chartsStartAtTheFirstStepAndShowTheShareOfTimeOverTheSlo() throws IOException {
    Report r = report("1995-07-01T03:17", "", 90);
    HtmlCharts charts = new HtmlCharts(r);
    double start = Instant.parse("1995-07-01T03:17:00Z").toEpochMilli();
    for (JFreeChart chart : new JFreeChart[] {charts.load(), charts.replicas(0, "API"), charts.p95(),
        charts.wait(0, "worker/emails"), charts.cost()}) {
      charts.svg(chart); // drawing must not move the axis to a rounded date
      ValueAxis time = chart.getXYPlot().getDomainAxis();
      assertThat(time.getLowerBound()).as(chart.getTitle().getText()).isEqualTo(start);
      assertThat(time.getUpperBound()).isEqualTo(start + 90 * 60_000);
    }
    JFreeChart p95 = charts.p95();
    assertThat(p95.getTitle().getText()).isEqualTo("API p95 over the SLO (500 ms): % of time");
    assertThat(p95.getXYPlot().getRangeAxis().getUpperBound()).isEqualTo(100);
    assertThat(p95.getXYPlot().getRangeAxis().getLabel()).isEqualTo("% of time with p95 > 500 ms");
    assertThat(charts.wait(0, "worker/emails").getTitle().getText())
        .isEqualTo("Job wait over the SLO (60 s), worker/emails: % of time");
    assertThat(HtmlReport.html(r)).contains("in which the API p95 was above 500 ms, per policy")
        .contains("in which some job of worker/emails had waited longer than 60 s, per policy");
  }
}
