package io.appstack.operator.metrics;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.signal.Signal;
import java.util.Map;

/**
 * How to read one signal of one stack: the PromQL, and the labels that pick this stack's series out
 * of the answer. A {@code shared} query is the same text for every stack and runs once per poll.
 *
 * @param component the component the signal belongs to, or null for stack-wide signals (users)
 */
public record SignalQuery(Component component, Signal signal, String promql, Map<String, String> match,
    boolean shared) {
  public SignalQuery {
    match = Map.copyOf(match);
  }

  /** No query: the stack does not use this signal, so it takes no part in the rules. */
  public static SignalQuery none(Component component, Signal signal) {
    return new SignalQuery(component, signal, null, Map.of(), false);
  }

  public boolean configured() {
    return promql != null;
  }

  /** A query written for this stack alone; its answer must be exactly one series. */
  public static SignalQuery own(Component component, Signal signal, String promql) {
    return new SignalQuery(component, signal, promql, Map.of(), false);
  }
}
