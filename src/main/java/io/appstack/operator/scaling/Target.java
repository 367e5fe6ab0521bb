package io.appstack.operator.scaling;

/**
 * A target-tracking signal of a component — the API's CPU against 70% of requests, a pool's queue depth against
 * 1,000 jobs per worker — and the count it recommends, like the HPA's replica calculator: the load spread over
 * the pods that would meet the target, unless the value is within the tolerance of it.
 *
 * @param perPod true when the value is an average over the current pods (CPU), false when it is a total for the
 *     whole component (queue depth)
 */
record Target(String rule, Reading reading, String label, String unit, double target, boolean perPod) {

  /** The recommended count for {@code current} pods; {@code current} itself within the tolerance or without data. */
  long recommend(int current, double tolerance) {
    if (!reading.healthy()) {
      return current;
    }
    double total = perPod ? reading.value() * current : reading.value();
    if (current == 0) {
      return total > 0 ? Math.max(1, Fmt.ceil(total / target)) : 0; // a pool at zero wakes on the first job
    }
    double ratio = total / (target * current);
    if (Math.abs(ratio - 1) <= tolerance) {
      return current;
    }
    return Fmt.ceil(total / target);
  }

  /** The value as people read it: "cpu 85% (target 70%)", "depth/worker 1,450 (target 1,000)". */
  String text(int current) {
    double shown = perPod || current == 0 ? reading.value() : reading.value() / current;
    return label + ' ' + Fmt.num(shown) + unit + " (target " + Fmt.num(target) + unit + ")";
  }

  String missingText() {
    return label + " missing (" + reading.problem() + ")";
  }
}
