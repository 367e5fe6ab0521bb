package io.appstack.operator.scaling;

/**
 * A target-tracking signal of a component — the API's CPU against 70% of requests, a pool's queue depth against
 * 1,000 jobs per worker — and the count it recommends, like the HPA's replica calculator: the load spread over
 * the pods that would meet the target, unless the value is within the tolerance of it.
 *
 * @param perPod true when the value is an average over pods (CPU), false when it is a total for the whole
 *     component (queue depth)
 * @param basis for an average, the pods it was taken over, or -1 when unknown (then the current count): a figure
 *     from before the last scale was over the count there was then, and counting it over the new count would
 *     compound every step
 */
record Target(String rule, Reading reading, String label, String unit, double target, boolean perPod, int basis) {

  /** The recommended count for {@code current} pods; {@code current} itself within the tolerance or without data. */
  long recommend(int current, double tolerance) {
    if (!reading.healthy()) {
      return current;
    }
    double total = perPod ? reading.value() * (basis >= 0 ? basis : current) : reading.value();
    if (current == 0) {
      return total > 0 ? Math.max(1, Fmt.ceil(total / target)) : 0; // a pool at zero wakes on the first job
    }
    double ratio = total / (target * current);
    if (Math.abs(ratio - 1) <= tolerance) {
      return current;
    }
    return Fmt.ceil(total / target);
  }

  /** The fewest pods at which {@code total} (a forecast of this signal's total) meets the target. */
  long floor(double total) {
    return Fmt.ceil(total / target);
  }

  /** A forecast as people read it: "cpu 490% of a pod's request", "depth 8,500". */
  String forecastText(double total) {
    return perPod ? label + ' ' + Fmt.num(total) + unit + " of a pod's request" : "depth " + Fmt.num(total);
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
