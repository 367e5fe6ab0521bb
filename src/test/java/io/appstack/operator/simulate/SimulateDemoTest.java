package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make demo} itself: runs the command with the Makefile's DEMO_ARGS (the full NASA trace)
 * and checks that the table and a self-contained report come out. The report goes to a temporary
 * directory instead of target/simulate. Speed is printed, not asserted (shared CI machines).
 */
class SimulateDemoTest {

  @TempDir
  Path dir;

  static List<String> demoArgs() throws IOException {
    Matcher m = Pattern.compile("(?m)^DEMO_ARGS\\s*:=\\s*(.+)$").matcher(Files.readString(Path.of("Makefile")));
    assertThat(m.find()).as("DEMO_ARGS in the Makefile").isTrue();
    return new ArrayList<>(Arrays.asList(m.group(1).strip().split("\\s+")));
  }

  @Test
  void makeDemoPrintsTheTableAndWritesTheReport() throws IOException {
    List<String> args = demoArgs();
    assertThat(args).contains("samples/traces/nasa-http-1995/requests_per_minute.csv", "samples/minimal.yaml");
    int at = args.indexOf("--report");
    Path report = dir.resolve("demo-report.html");
    args.set(at + 1, report.toString());

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SimulateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    String text = out.toString();
    System.out.println(text);

    assertThat(exit).as(err.toString()).isZero();
    // The NASA trace's times have no offset: local time, whatever its column is called.
    assertThat(text).contains("84,334 rows of 1m, 1995-07-01 00:00 → 1995-09-01 00:01 local time, no zone in the "
        + "trace; 62.0 days)").contains("median 2,500 req/s")
        .contains("policy", "component", "replica-h", "scale events", "peak", "SLO-violation min")
        .contains("appstack", "hpa+keda", "static-peak", "static-max", "clairvoyant", "worker/emails", "phase changes:")
        .contains("target: SLO-violation minutes ≤ hpa+keda")
        .contains("target: replica-hours ≤ hpa+keda").contains("target: replica-hours ≤ 1.5× the clairvoyant lower bound")
        .containsPattern("replay: 5 policies × [\\d,]+ steps of 5s in [\\d.]+s")
        .contains("report: " + report);
    String html = Files.readString(report);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Cumulative replica-hours")
        .contains("API p95 over the SLO").contains("Job wait over the SLO").contains("Offered load")
        .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http")
        .doesNotContain("<link");
  }
}
