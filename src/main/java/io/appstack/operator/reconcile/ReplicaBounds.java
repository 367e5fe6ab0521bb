package io.appstack.operator.reconcile;

/** An inclusive replica range. */
public record ReplicaBounds(int min, int max) {
  public int clamp(int replicas) {
    return Math.max(min, Math.min(max, replicas));
  }
}
