package io.appstack.operator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command: exit codes, one-line errors naming the row, JSON, determinism. */
class SimulateCommandTest {

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SimulateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  // A short trace: 2 hours per minute, a ramp and a plateau.
  Path shortTrace() throws IOException {
    StringBuilder sb = new StringBuilder("minute,requests\n");
    for (int m = 0; m < 120; m++) {
      sb.append(String.format("2024-01-01T%02d:%02d,%d%n", m / 60, m % 60, m < 40 ? 20 + m : 60));
    }
    return file("short.csv", sb.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown column  | t,c\\n2024-01-01T00:00,1\\n                      | --count-column=requests | :1: no column 'requests' (--count-column); the header has t, c",
      "bad time        | t,c\\n2024-01-01T00:00,1\\n12:3x,2\\n             | --median-rps=800        | :3: time '12:3x' is not a timestamp",
      "negative count  | t,c\\n2024-01-01T00:00,1\\n2024-01-01T00:01,-3\\n | --median-rps=800        | :3: count '-3' is negative",
      "unsorted rows   | t,c\\n2024-01-01T00:05,1\\n2024-01-01T00:01,1\\n | --median-rps=800        | :3: time '2024-01-01T00:01' is before the previous row's (rows must be sorted by time, one row per interval)",
  })
  void garbageInputIsExitCode2AndOneLineNamingTheRow(String name, String csv, String flag, String message)
      throws IOException {
    Path trace = file("trace.csv", csv.strip().replace("\\n", "\n"));
    Run r = run("--trace", trace.toString(), flag.strip(), "--no-report");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(trace + message.strip() + System.lineSeparator());
  }

  @Test
  void badFlagsAndFilesAreOneLineToo() throws IOException {
    Path trace = shortTrace();
    List<Run> runs = new ArrayList<>();
    runs.add(run("--trace", trace.toString(), "--step", "7s", "--no-report"));
    runs.add(run("--trace", trace.toString(), "--median-rps", "abc", "--no-report"));
    runs.add(run("--trace", dir.resolve("missing.csv").toString(), "--no-report"));
    runs.add(run("--trace", trace.toString(), "--stack", dir.resolve("none.yaml").toString(), "--no-report"));
    runs.add(run("--trace", trace.toString(), "--stack", file("bad.yaml", "kind: [").toString(), "--no-report"));
    runs.add(run("--no-report"));
    runs.add(run("--trace", trace.toString(), "--start-phase", "Huge", "--no-report"));
    runs.add(run("--trace", trace.toString(), "--no-report", "--stack",
        file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n").toString()));
    runs.add(run("--trace", trace.toString(), "--no-report", "--start-phase", "Small", "--stack", file("pinned.yaml",
        "apiVersion: appstack.io/v1alpha1\nkind: AppStack\nmetadata: {name: x}\nspec:\n  phase: Large\n"
            + "  api: {image: ghcr.io/acme/api:1}\n").toString()));
    runs.add(run("--trace", trace.toString(), "--no-report", "--baseline-api", "20-2"));
    runs.add(run("--trace", trace.toString(), "--no-report", "--api-max-cpu", "80"));
    runs.add(run("--trace", trace.toString(), "--no-report", "--api-latency-cap", "2m"));
    for (Run r : runs) {
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    assertThat(runs.get(0).err()).startsWith("--step must divide a minute");
    assertThat(runs.get(2).err()).isEqualTo(dir.resolve("missing.csv") + ": no such file" + System.lineSeparator());
    assertThat(runs.get(5).err()).contains("Missing required option: '--trace=FILE'");
    assertThat(runs.get(7).err()).endsWith("cm.yaml: kind is ConfigMap, not AppStack" + System.lineSeparator());
    assertThat(runs.get(8).err()).contains("pins phase Large; --start-phase Small applies to Auto stacks only");
    assertThat(runs.get(9).err()).contains("'20-2' is not MIN-MAX replicas");
    assertThat(runs.get(10).err()).startsWith("--api-max-cpu must be 100 or more");
    assertThat(runs.get(11).err()).startsWith("--api-latency-cap must not exceed --api-timeout");
  }

  @Test
  void baselineBoundsFromTheCommandLineReachEveryBaseline() throws IOException {
    Run r = run("--trace", shortTrace().toString(), "--no-report", "--baseline-api", "3-7", "--baseline-workers",
        "4-9");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("hpa+keda     model: HPA on API CPU 70% + KEDA queue scaler on workers "
        + "(api 3–7, worker/emails 4–9)");
  }

  @Test
  void jsonHasTheFiguresInAStableOrderAndIsByteIdenticalAcrossRuns() throws IOException {
    Path trace = shortTrace();
    String[] args = {"--trace", trace.toString(), "--median-rps", "2500", "--start-phase", "Medium", "--json",
        "--no-report"};
    Run first = run(args);
    Run second = run(args);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(first.err()).startsWith("replay: 5 policies");

    JsonNode json = new ObjectMapper().readTree(first.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("trace", "stack", "model", "policies", "targets");
    assertThat(json.at("/trace/medianRps").asDouble()).isEqualTo(2500.0);
    assertThat(first.out()).contains("\"medianRps\" : 2500,").doesNotContain("E+").doesNotContain("E7");
    assertThat(json.at("/stack/startPhase").asText()).isEqualTo("Medium");
    Iterator<JsonNode> policies = json.get("policies").elements();
    List<String> names = new ArrayList<>();
    policies.forEachRemaining(p -> names.add(p.get("name").asText()));
    assertThat(names).containsExactly("appstack", "hpa+keda", "static-peak", "static-max", "clairvoyant");
    JsonNode engine = json.get("policies").get(0);
    assertThat(engine.at("/replicaHours/api").isNumber()).isTrue();
    assertThat(engine.at("/sloViolationMinutes/total").isNumber()).isTrue();
    assertThat(engine.at("/scaleEvents/worker~1emails").isInt()).isTrue();
    assertThat(json.at("/targets/replicaHoursWithinClairvoyantFactor/factor").asDouble()).isEqualTo(1.5);
    assertThat(json.at("/targets/replicaHoursAtMostHpa/hpa+keda").asDouble())
        .isEqualTo(json.at("/policies/1/replicaHours/total").asDouble());
    // rounded to 2 decimals
    assertThat(first.out()).doesNotContainPattern("\\d\\.\\d{3,}");
  }

  @Test
  void tableAndReportForAnArrivalsTrace() throws IOException {
    Path report = dir.resolve("out/report.html");
    Run r = run("--trace", "samples/traces/azure-llm-code-2023/arrivals.csv", "--arrivals", "--median-rps", "2500",
        "--start-phase", "Medium", "--report", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("8,819 arrivals").contains("policy").contains("appstack").contains("static-peak")
        .contains("hpa+keda").contains("clairvoyant").contains("SLO-violation min").contains("replay: 5 policies")
        .contains("report: " + report);
    assertThat(report).exists();
    assertThat(Files.readString(report)).contains("<svg").doesNotContain("<script");
  }

  @Test
  void helpDescribesEveryFlagCleanly() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--median-rps", "--peak-rps", "--arrivals", "--time-column", "--count-column",
        "--jobs-per-request", "--startup", "--metrics-delay", "--hpa-downscale-window", "--keda-polling", "--json");
    assertThat(r.out() + r.err()).doesNotContain("WARN");
  }

  @Test
  void aStackWithoutWorkerPoolsReplaysTheApiAlone() throws IOException {
    Path stack = file("solo.yaml", "apiVersion: appstack.io/v1alpha1\nkind: AppStack\nmetadata: {name: solo}\n"
        + "spec:\n  phase: Large\n  api: {image: ghcr.io/acme/api:1}\n");
    Path report = dir.resolve("solo.html");
    Run r = run("--stack", stack.toString(), "--trace", shortTrace().toString(), "--median-rps", "3000",
        "--report", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("(solo): api; phase Large").doesNotContain("worker/");
    assertThat(Files.readString(report)).contains("API replicas").doesNotContain("Longest job wait");
  }
}
