package io.appstack.operator.scaling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component's rules for one evaluation: its target-tracking signals and its triggers (only those the stack has
 * configured), the windows, and the values seen, for status.
 */
record RuleSet(List<Target> targets, List<Trigger> triggers, String downRule, String predictedRule, Duration upFor,
    Duration downFor, Map<String, Double> observed) {

  /** The usable values among {@code readings}, keyed by their signal's label, as status and the gauges show them. */
  static Map<String, Double> observed(Reading... readings) {
    Map<String, Double> observed = new LinkedHashMap<>(4);
    for (Reading r : readings) {
      if (r.healthy()) {
        observed.put(r.signal().label(), r.value());
      }
    }
    return observed;
  }

  /** True when some configured signal has no usable value: such a component never scales down. */
  boolean anyMissing() {
    return targets.stream().anyMatch(t -> !t.reading().healthy())
        || triggers.stream().anyMatch(t -> !t.reading().healthy());
  }
}
