package io.appstack.operator.policy;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.QueueBackend;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.signal.Signal;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where every {@link Signal}'s query comes from, one entry per signal: the spec field that overrides it, and the
 * default shared by every stack (null: without a query of the stack's own the signal takes no part). With the signal's
 * definition (its component kind and label, which name its status field and its {@code appstack_signal} series) and
 * its default in {@link DefaultQueries}, this is all a new signal needs; {@code SignalSourcesTest} checks that every
 * signal has an entry.
 */
public enum SignalSources {
  API_CPU(Signal.API_CPU_PERCENT, (spec, w) -> spec.api().scaling().queries().cpu(), (d, spec, w) -> d.apiCpuPercent()),
  /** The pods the default CPU figure is over; an overridden CPU query is taken as over the current count. */
  API_PODS(Signal.API_PODS, (spec, w) -> null,
      (d, spec, w) -> spec.api().scaling().queries().cpu() == null ? d.apiPods() : null),
  API_P95(Signal.API_P95_MS, (spec, w) -> spec.api().scaling().queries().p95Ms(), (d, spec, w) -> d.apiP95Ms()),
  QUEUE_DEPTH(Signal.QUEUE_DEPTH, (spec, w) -> w.scaling().queries().depth(), (d, spec, w) -> switch (w.queueBackend()) {
    case BULLMQ -> d.bullmqDepth();
    case REDIS_LIST -> d.redisListDepth();
    case CUSTOM -> d.queueDepth();
  }),
  /** Neither BullMQ's export nor a list's length says how old the oldest job is. */
  OLDEST_JOB_AGE(Signal.OLDEST_JOB_AGE_SECONDS, (spec, w) -> w.scaling().queries().oldestJobAgeSeconds(),
      (d, spec, w) -> w.queueBackend() == QueueBackend.CUSTOM ? d.oldestJobAgeSeconds() : null),
  USERS(Signal.USERS, (spec, w) -> spec.autoscaling().usersQuery(), (d, spec, w) -> null);

  /** The stack's own query for the signal, from its spec; {@code worker} is null for API and stack signals. */
  @FunctionalInterface
  interface Override {
    String of(AppStackSpec spec, WorkerSpec worker);
  }

  /** The shared default for the signal, or null when it has none for this stack. */
  @FunctionalInterface
  interface Default {
    String of(DefaultQueries defaults, AppStackSpec spec, WorkerSpec worker);
  }

  private final Signal signal;
  private final Override override;
  private final Default standard;

  SignalSources(Signal signal, Override override, Default standard) {
    this.signal = signal;
    this.override = override;
    this.standard = standard;
  }

  public Signal signal() {
    return signal;
  }

  /** The stack's own query, or null. */
  public String override(AppStackSpec spec, WorkerSpec worker) {
    return override.of(spec, worker);
  }

  /** The shared default for this stack, or null when it has none. */
  public String standard(DefaultQueries defaults, AppStackSpec spec, WorkerSpec worker) {
    return standard.of(defaults, spec, worker);
  }

  /**
   * The component signals {@code spec} has no query for, neither its own nor a default: they take no part in its
   * scaling. The simulator gives its engine exactly the signals the operator would read for the stack.
   */
  public static Map<Component, Set<Signal>> unconfigured(AppStackSpec spec) {
    Map<Component, Set<Signal>> out = new HashMap<>();
    unconfigured(spec, Component.API, null, out);
    for (WorkerSpec worker : spec.workers()) {
      unconfigured(spec, Component.worker(worker.name()), worker, out);
    }
    return out;
  }

  private static void unconfigured(AppStackSpec spec, Component component, WorkerSpec worker,
      Map<Component, Set<Signal>> out) {
    for (SignalSources source : values()) {
      if (source.signal.kind() == component.kind() && source.override(spec, worker) == null
          && source.standard(DefaultQueries.STANDARD, spec, worker) == null) {
        out.computeIfAbsent(component, c -> EnumSet.noneOf(Signal.class)).add(source.signal);
      }
    }
  }
}
