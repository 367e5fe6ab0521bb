package io.appstack.operator.simulate.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) algorithm for one target, as documented
 * and as the controller's replica calculator implements it: the proportional recommendation with
 * a tolerance, unready pods set aside (and counted at 0% on a scale-up), the stabilisation windows
 * over past recommendations, and the scaling policies that limit each step. Time is passed in,
 * in microseconds on any fixed origin.
 */
public final class Hpa {

  /** A scaling policy: at most {@code value} pods, or percent of the count at the period's start, per period. */
  public record Policy(Type type, int value, long periodMicros) {
    /** Pods or Percent, as in {@code spec.behavior.scaleUp.policies[].type}. */
    public enum Type { PODS, PERCENT }
  }

  /** One direction's behaviour: stabilisation window, policies, and whether the largest change wins. */
  public record Behavior(long stabilizationMicros, List<Policy> policies, boolean selectMax) {
    public Behavior {
      policies = List.copyOf(policies);
    }

    /** Default scale-up: no window; max(+100%, +4 pods) per 15s. */
    public static Behavior defaultScaleUp() {
      return new Behavior(0, List.of(new Policy(Policy.Type.PERCENT, 100, 15_000_000L),
          new Policy(Policy.Type.PODS, 4, 15_000_000L)), true);
    }

    /** Default scale-down with the given window (300s by default): −100% per 15s. */
    public static Behavior defaultScaleDown(long windowMicros) {
      return new Behavior(windowMicros, List.of(new Policy(Policy.Type.PERCENT, 100, 15_000_000L)), true);
    }
  }

  private record Timed(long at, int value) {}

  private final int min;
  private final int max;
  private final Behavior up;
  private final Behavior down;
  private final Deque<Timed> recommendations = new ArrayDeque<>();
  private final Deque<Timed> upEvents = new ArrayDeque<>();
  private final Deque<Timed> downEvents = new ArrayDeque<>();

  public Hpa(int min, int max, Behavior up, Behavior down) {
    if (min < 0 || max < Math.max(1, min)) {
      throw new IllegalArgumentException("invalid HPA range " + min + "–" + max);
    }
    this.min = min;
    this.max = max;
    this.up = up;
    this.down = down;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /**
   * Replica calculator for a resource utilisation target (e.g. CPU): {@code utilization} is the
   * average over the {@code ready} pods that have metrics; {@code unready} pods are ignored, except
   * that on a scale-up they count as using 0%. Within the tolerance the count stays.
   */
  public static int utilizationReplicas(int current, double utilization, int ready, int unready, double target,
      double tolerance) {
    if (ready <= 0) {
      return current; // no metrics: the HPA cannot compute and leaves the target alone
    }
    double ratio = utilization / target;
    boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
    if (!scaleUpWithUnready) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        return current;
      }
      return ceil(ratio * ready);
    }
    int pods = ready + unready;
    double newRatio = utilization * ready / (target * pods);
    if (Math.abs(1.0 - newRatio) <= tolerance || newRatio < 1.0) {
      return current; // within tolerance, or the unready pods reverse the direction
    }
    int replicas = ceil(newRatio * pods);
    return replicas < current ? current : replicas;
  }

  /**
   * Replica calculator for an external metric with an AverageValue target (what KEDA's scalers
   * expose): {@code total / target} pods, unless {@code total / (target × current)} is within the
   * tolerance.
   */
  public static int averageValueReplicas(int current, double total, double targetPerPod, double tolerance) {
    double ratio = total / (targetPerPod * current);
    if (Math.abs(1.0 - ratio) <= tolerance) {
      return current;
    }
    return ceil(total / targetPerPod);
  }

  /**
   * One sync of the controller: clamps into min/max, or stabilises the recommendation and applies
   * the scaling policies, then records the change. Returns the new desired count.
   */
  public int reconcile(long now, int current, int recommendation) {
    int desired;
    if (current > max) {
      desired = max;
    } else if (current < min) {
      desired = min;
    } else {
      int stabilized = stabilize(now, current, recommendation);
      desired = limitRate(now, current, stabilized);
    }
    if (desired > current) {
      upEvents.addLast(new Timed(now, desired - current));
    } else if (desired < current) {
      downEvents.addLast(new Timed(now, current - desired));
    }
    return desired;
  }

  // stabilizeRecommendationWithBehaviors: the lowest recommendation of the up window and the
  // highest of the down window bound the result; the raw recommendation is recorded.
  private int stabilize(long now, int current, int recommendation) {
    long upCutoff = now - up.stabilizationMicros();
    long downCutoff = now - down.stabilizationMicros();
    long oldest = Math.min(upCutoff, downCutoff);
    while (!recommendations.isEmpty() && recommendations.peekFirst().at() < oldest) {
      recommendations.removeFirst();
    }
    int upRec = recommendation;
    int downRec = recommendation;
    for (Timed r : recommendations) {
      if (r.at() > upCutoff) {
        upRec = Math.min(upRec, r.value());
      }
      if (r.at() > downCutoff) {
        downRec = Math.max(downRec, r.value());
      }
    }
    recommendations.addLast(new Timed(now, recommendation));
    int result = current;
    if (result < upRec) {
      result = upRec;
    }
    if (result > downRec) {
      result = downRec;
    }
    return result;
  }

  // convertDesiredReplicasWithBehaviorRate: the policies bound how far one period may move.
  private int limitRate(long now, int current, int desired) {
    if (desired > current) {
      int limit = upLimit(now, current);
      if (limit < current) {
        limit = current;
      }
      int allowed = Math.min(max, limit);
      return Math.min(desired, allowed);
    }
    if (desired < current) {
      int limit = downLimit(now, current);
      if (limit > current) {
        limit = current;
      }
      int allowed = Math.max(min, limit);
      return Math.max(desired, allowed);
    }
    return desired;
  }

  private int upLimit(long now, int current) {
    int result = up.selectMax() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (Policy p : up.policies()) {
      int start = current - changed(upEvents, now, p.periodMicros()) + changed(downEvents, now, p.periodMicros());
      int proposed = p.type() == Policy.Type.PODS
          ? start + p.value()
          : (int) Math.ceil(start * (1 + p.value() / 100.0));
      result = up.selectMax() ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  private int downLimit(long now, int current) {
    int result = down.selectMax() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (Policy p : down.policies()) {
      int start = current + changed(downEvents, now, p.periodMicros()) - changed(upEvents, now, p.periodMicros());
      int proposed = p.type() == Policy.Type.PODS
          ? start - p.value()
          : (int) (start * (1 - p.value() / 100.0));
      result = down.selectMax() ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  // getReplicasChangePerPeriod: changes strictly inside the last period.
  private static int changed(Deque<Timed> events, long now, long period) {
    long cutoff = now - period;
    while (!events.isEmpty() && events.peekFirst().at() < now - 3_600_000_000L) {
      events.removeFirst(); // far older than any period: forget
    }
    int sum = 0;
    for (Timed e : events) {
      if (e.at() > cutoff) {
        sum += e.value();
      }
    }
    return sum;
  }

  private static int ceil(double x) {
    return (int) Math.ceil(x - 1e-9);
  }
}
