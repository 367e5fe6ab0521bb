package io.appstack.operator.scaling.config;

/** An inclusive replica range {@code [min, max]}. */
public record Bounds(int min, int max) {

  public Bounds {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("invalid bounds " + min + "–" + max);
    }
  }

  /** True when {@code replicas} lies inside the range. */
  public boolean contains(int replicas) {
    return replicas >= min && replicas <= max;
  }

  /** The nearest count inside the range. */
  public int clamp(long replicas) {
    return (int) Math.max(min, Math.min(max, replicas));
  }

  /**
   * Resolves a component's effective range: user overrides replace the phase default, everything
   * is clamped into the global limits, and if an override crosses the other (default) bound the
   * override wins.
   */
  public static Bounds resolve(Bounds phaseDefault, Integer minOverride, Integer maxOverride, Bounds global) {
    int min = global.clamp(minOverride != null ? minOverride : phaseDefault.min());
    int max = global.clamp(maxOverride != null ? maxOverride : phaseDefault.max());
    if (min > max) {
      if (minOverride != null && maxOverride == null) {
        max = min;
      } else {
        min = max;
      }
    }
    return new Bounds(min, max);
  }

  @Override
  public String toString() {
    return min + "–" + max;
  }
}
