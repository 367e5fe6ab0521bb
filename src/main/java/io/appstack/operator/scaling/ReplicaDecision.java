package io.appstack.operator.scaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine decided for one component, with the rule that decided it, the values it saw,
 * and a one-line reason such as {@code api 4→6: p95 612ms > 500ms for 5m}.
 */
public record ReplicaDecision(
    Component component, int from, int to, Direction direction, String rule, Map<String, Double> observed,
    String reason) {

  public ReplicaDecision {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
    observed = observed == null || observed.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(observed));
    Direction expected = to > from ? Direction.UP : to < from ? Direction.DOWN : Direction.NONE;
    if (direction != expected) {
      throw new IllegalArgumentException("direction " + direction + " does not match " + from + "→" + to);
    }
  }

  /** Keep the current count, for a generic hold. */
  public static ReplicaDecision noChange(Component component, int current, String reason) {
    return noChange(component, current, Rules.HOLD, Map.of(), reason);
  }

  /** Keep the current count, naming the rule that held it. */
  public static ReplicaDecision noChange(
      Component component, int current, String rule, Map<String, Double> observed, String reason) {
    return new ReplicaDecision(component, current, current, Direction.NONE, rule, observed, reason);
  }

  /** Move from one count to another (must differ). */
  public static ReplicaDecision scale(
      Component component, int from, int to, String rule, Map<String, Double> observed, String reason) {
    if (from == to) {
      throw new IllegalArgumentException("scale needs from != to, use noChange");
    }
    return new ReplicaDecision(component, from, to, to > from ? Direction.UP : Direction.DOWN, rule, observed,
        reason);
  }

  /** True when the replica count changes. */
  public boolean changes() {
    return direction != Direction.NONE;
  }
}
