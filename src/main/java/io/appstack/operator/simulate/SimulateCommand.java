package io.appstack.operator.simulate;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.scaling.config.Phase;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.simulate.FlagConverters.DurationConverter;
import io.appstack.operator.simulate.FlagConverters.PhaseConverter;
import io.appstack.operator.simulate.report.HtmlReport;
import io.appstack.operator.simulate.report.Report;
import io.appstack.operator.simulate.report.ReportContext;
import io.appstack.operator.simulate.trace.Load;
import io.appstack.operator.simulate.trace.SyntheticTrace;
import io.appstack.operator.simulate.trace.Trace;
import io.appstack.operator.simulate.trace.TraceReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code simulate}: replays a traffic trace through the real scaling engine and the baselines on an
 * explicit workload model, prints a table (or JSON) and writes an HTML report. A plain main:
 * it does not start Quarkus. Exit codes: 0 done, 2 bad input (one line on stderr naming the
 * problem), 1 a bug.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    version = "appstack simulate 0.1.0",
    description = {
        "Replays a traffic trace through the AppStack scaling engine (the same scaling.ScalingEngine the "
            + "operator runs) and the baselines — HPA (API CPU) + KEDA (worker queues), static sizes (peak-"
            + "provisioned and the start phase's maximum) and a clairvoyant lower bound — on one workload model with "
            + "the same bounds and start, and reports SLO-violation minutes, replica-hours, scale events, phase "
            + "changes and peak replicas per policy. The model is described in the README, "
            + "\"How the simulator models a stack\".",
        "Durations take 15s, 5m, 1h30m, 250ms or plain seconds. Exit codes: 0 done, 2 bad input."},
    exitCodeOnInvalidInput = 2)
public final class SimulateCommand implements Callable<Integer> {

  /** Bad input: a one-line message, no stack trace. */
  public static final int EXIT_INPUT = 2;

  @Spec
  CommandSpec spec;

  // ----- inputs
  @Option(names = "--stack", paramLabel = "FILE", defaultValue = "samples/minimal.yaml",
      description = "AppStack YAML whose spec gives the rules, bounds and poll interval (default: ${DEFAULT-VALUE}).")
  Path stack;

  @Option(names = "--trace", paramLabel = "FILE", required = true,
      description = "Trace CSV with a header row: per-interval counts (time + count columns) or, with --arrivals, one "
          + "row per request; or a made-up shape, synthetic:step or synthetic:daily.")
  Path trace;

  @Option(names = "--time-column", paramLabel = "NAME", description = "Time column (default: the first). ISO-8601 "
      + "with or without offset, 'yyyy-MM-dd HH:mm:ss[.SSS]', or epoch seconds; times without an offset are the "
      + "trace's local time (so labelled).")
  String timeColumn;

  @Option(names = "--count-column", paramLabel = "NAME", description = "Count column of a per-interval trace (default: the second).")
  String countColumn;

  @Option(names = "--arrivals", description = "One row per request arrival; only the time column is read.")
  boolean arrivals;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Interval one row of a per-interval trace covers (default: the smallest step between rows; "
          + "missing rows are intervals with zero load).")
  Duration interval;

  @Option(names = "--median-rps", paramLabel = "RPS", description = "Rescale so the median per-minute request rate is RPS.")
  Double medianRps;

  @Option(names = "--peak-rps", paramLabel = "RPS", description = "Rescale so the peak per-minute request rate is RPS "
      + "(with --median-rps: a power map r ↦ median·(r/m)^k hits both).")
  Double peakRps;

  @Option(names = "--predictive", description = "Turn the engine's predictive floor on (spec.autoscaling.predictive), "
      + "replayed from the trace's own past: the peak at the same time of week in the last weeks.")
  boolean predictive;

  @Option(names = "--start-phase", paramLabel = "PHASE", converter = PhaseConverter.class,
      description = "Phase an Auto stack starts in; the baselines use its bounds (default: the pinned phase, or Small "
          + "as the operator starts an Auto stack).")
  Phase startPhase;

  @Mixin
  ModelOptions model;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Engine poll interval (default: the stack's spec.autoscaling.pollInterval, 15s if unset).")
  Duration pollInterval;

  // ----- output
  @Option(names = "--json", description = "Print the figures as JSON instead of the table.")
  boolean json;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "target/simulate/report.html",
      description = "Where to write the HTML report (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--no-report", description = "Do not write the HTML report.")
  boolean noReport;

  @Option(names = "--no-progress", description = "Never show the progress bar (it shows on a terminal for long replays).")
  boolean noProgress;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "Policies replayed in parallel (default: ${DEFAULT-VALUE}).")
  int threads;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The command line with the one-line error handling for bad flags. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SimulateCommand());
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println(oneLine(ex.getMessage()) + " (see --help)");
      return EXIT_INPUT;
    });
    return cl;
  }

  @Override
  public Integer call() {
    System.setProperty("java.awt.headless", "true");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (InputException e) {
      err.println(e.getMessage());
      err.flush();
      return EXIT_INPUT;
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    String stackName = stack.toString();
    AppStack appStack = readStack(stack, stackName);
    StackPolicy policy = Simulation.policyOf(appStack, stackName);
    if (predictive && !policy.predictive().enabled()) {
      policy = policy.withPredictive(io.appstack.operator.scaling.config.PredictivePolicy.on());
    }
    Phase start = Simulation.defaultStartPhase(policy);
    if (startPhase != null) {
      if (!policy.phaseMode().isAuto() && startPhase != start) {
        throw new InputException(stackName + " pins phase " + start.label() + "; --start-phase " + startPhase.label()
            + " applies to Auto stacks only");
      }
      start = startPhase;
    }
    int poll = pollInterval != null ? ModelOptions.seconds("--poll-interval", pollInterval)
        : ModelOptions.seconds(stackName + ": spec.autoscaling.pollInterval",
            Durations.parse(appStack.getSpec().autoscaling().pollInterval()));
    ModelParams params = model.params(poll);
    if (threads < 1) {
      throw new InputException("--threads must be at least 1");
    }

    String traceName = trace.toString();
    Long intervalMicros = interval == null ? null : interval.toNanos() / 1000;
    Trace t = SyntheticTrace.isSynthetic(traceName) ? SyntheticTrace.of(traceName)
        : new TraceReader(timeColumn, countColumn, arrivals, intervalMicros).read(trace, traceName);
    Load raw = Load.of(t, params.stepSeconds());
    double traceMedian = raw.medianRps();
    double tracePeak = raw.peakRps();
    Load load = raw.rescaled(medianRps, peakRps);

    Simulation simulation = new Simulation(policy, start, load, params).withBaselineBounds(model.baselineApi,
        model.baselineWorkers).withUnconfigured(io.appstack.operator.policy.SignalSources.unconfigured(appStack.getSpec()));
    Simulation.Outcome outcome;
    long total = simulation.totalSteps();
    if (!noProgress && total >= 1_000_000 && System.console() != null) {
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
          .setConsumer(new ConsoleProgressBarConsumer(System.err)).clearDisplayOnFinish().build()) {
        outcome = simulation.run(threads, bar::stepTo);
      }
    } else {
      outcome = simulation.run(threads, null);
    }

    ReportContext context = new ReportContext(traceName, t, stackName, appStack.getMetadata().getName(),
        appStack.getSpec().phase().name(), traceMedian, tracePeak, medianRps, peakRps);
    Report rep = new Report(simulation, outcome, context);
    String replayLine = String.format(Locale.ROOT, "replay: %d policies × %,d steps of %ds in %.2fs",
        outcome.results().size(), load.steps(), params.stepSeconds(), outcome.replayNanos() / 1e9);
    Path written = null;
    if (!noReport) {
      written = HtmlReport.write(rep, report);
    }
    if (json) {
      out.print(rep.json());
      out.flush();
      err.println(replayLine);
      if (written != null) {
        err.println("report: " + written);
      }
    } else {
      for (String line : rep.headerLines()) {
        out.println(line);
      }
      out.println();
      out.print(rep.table());
      out.println();
      for (String line : rep.verdictLines()) {
        out.println(line);
      }
      out.println(replayLine);
      if (written != null) {
        out.println("report: " + written);
      }
    }
    out.flush();
    err.flush();
    return 0;
  }

  static AppStack readStack(Path file, String name) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
    }
    try {
      GenericKubernetesResource generic = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
      if (generic == null) {
        throw new InputException(name + ": empty document");
      }
      if (!"AppStack".equals(generic.getKind())) {
        throw new InputException(name + ": kind is " + generic.getKind() + ", not AppStack");
      }
      AppStack stack = Serialization.unmarshal(yaml, AppStack.class);
      if (stack.getMetadata() == null || stack.getMetadata().getName() == null) {
        throw new InputException(name + ": not an AppStack (metadata.name missing)");
      }
      return stack;
    } catch (InputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InputException(name + ": not a valid AppStack (" + oneLine(rootMessage(e)) + ")");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
