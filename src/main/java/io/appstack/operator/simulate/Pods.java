package io.appstack.operator.simulate;

/**
 * The pods of one component: the desired count (what a Deployment's {@code replicas} says and
 * what costs money) and how many of them are ready. A scale-up creates pods that become ready
 * after the start-up delay; a scale-down removes pods at once, not-yet-ready ones first (as a
 * ReplicaSet does).
 */
public final class Pods {
  private final long startupMicros;
  private long[] readyAt = new long[16];
  private int[] count = new int[16];
  private int pendingGroups;
  private int desired;
  private int ready;

  /** {@code initial} pods, all ready. */
  public Pods(int initial, long startupMicros) {
    this.desired = initial;
    this.ready = initial;
    this.startupMicros = startupMicros;
  }

  /** Marks pods whose start-up delay is over as ready. */
  public void advance(long nowMicros) {
    int kept = 0;
    for (int i = 0; i < pendingGroups; i++) {
      if (readyAt[i] <= nowMicros) {
        ready += count[i];
      } else {
        readyAt[kept] = readyAt[i];
        count[kept] = count[i];
        kept++;
      }
    }
    pendingGroups = kept;
  }

  /** Sets the desired count at {@code nowMicros}. */
  public void scaleTo(int replicas, long nowMicros) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas < 0");
    }
    if (replicas > desired) {
      if (pendingGroups == readyAt.length) {
        readyAt = java.util.Arrays.copyOf(readyAt, pendingGroups * 2);
        count = java.util.Arrays.copyOf(count, pendingGroups * 2);
      }
      readyAt[pendingGroups] = nowMicros + startupMicros;
      count[pendingGroups] = replicas - desired;
      pendingGroups++;
      if (startupMicros == 0) {
        advance(nowMicros);
      }
    } else {
      int remove = desired - replicas;
      while (remove > 0 && pendingGroups > 0) { // newest pending first
        int last = pendingGroups - 1;
        int take = Math.min(remove, count[last]);
        count[last] -= take;
        remove -= take;
        if (count[last] == 0) {
          pendingGroups--;
        }
      }
      ready -= remove;
    }
    desired = replicas;
  }

  public int desired() {
    return desired;
  }

  public int ready() {
    return ready;
  }
}
