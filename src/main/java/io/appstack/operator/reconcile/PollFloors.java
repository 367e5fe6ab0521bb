package io.appstack.operator.reconcile;

import io.appstack.operator.api.autoscaling.AutoscalingSpec;
import io.appstack.operator.api.autoscaling.Durations;
import io.appstack.operator.kube.SpecProblem;
import java.time.Duration;
import java.util.List;

/**
 * How often a stack may be polled, and how short its phase windows may be: a {@code 1ms} poll made one stack send
 * more Prometheus queries than all the others together, and {@code 0s} phase windows let the phase flip on every
 * poll. The poll floor is the installer's ({@code appstack.autoscaling.min-poll-interval}); a phase window must
 * span at least one poll.
 */
final class PollFloors {
  private PollFloors() {}

  static void check(AutoscalingSpec autoscaling, Duration floor, List<SpecProblem> problems) {
    Duration poll;
    try {
      poll = Durations.parse(autoscaling.pollInterval());
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem("spec.autoscaling.pollInterval", e.getMessage()));
      return;
    }
    if (poll.compareTo(floor) < 0) {
      problems.add(new SpecProblem("spec.autoscaling.pollInterval", "'" + autoscaling.pollInterval()
          + "' is shorter than this operator allows (" + text(floor) + ", chart value autoscaling.minPollInterval)"));
      return;
    }
    window(problems, "spec.autoscaling.promoteAfter", autoscaling.promoteAfter(), poll);
    window(problems, "spec.autoscaling.demoteAfter", autoscaling.demoteAfter(), poll);
  }

  private static void window(List<SpecProblem> problems, String field, String text, Duration poll) {
    if (text == null) {
      return;
    }
    try {
      if (Durations.parse(text).compareTo(poll) < 0) {
        problems.add(new SpecProblem(field, "'" + text + "' is shorter than one poll (" + text(poll)
            + "): the phase could change on every poll"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem(field, e.getMessage()));
    }
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
