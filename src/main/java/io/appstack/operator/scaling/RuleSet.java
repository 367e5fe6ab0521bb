package io.appstack.operator.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A component's rules for one evaluation: its target-tracking signals and its triggers (only those the stack has
 * configured), the windows, and the values seen, for status.
 */
record RuleSet(List<Target> targets, List<Trigger> triggers, String downRule, String predictedRule, Duration upFor,
    Duration downFor, Map<String, Double> observed) {

  /** True when some configured signal has no usable value: such a component never scales down. */
  boolean anyMissing() {
    return targets.stream().anyMatch(t -> !t.reading().healthy())
        || triggers.stream().anyMatch(t -> !t.reading().healthy());
  }
}
