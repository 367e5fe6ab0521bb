package io.appstack.operator.scaling.state;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine remembers about one component: since when each trigger has been above its threshold (rule id →
 * start), its recent {@link Recommendations}, and when it last scaled up and down. Plain data for status/JSON.
 */
public record ComponentState(Map<String, Instant> windows, Recommendations recommendations, Instant lastScaleUp,
    Instant lastScaleDown) {

  /** A component the engine has not seen yet. */
  public static final ComponentState EMPTY = new ComponentState(Map.of(), Recommendations.NONE, null, null);

  public ComponentState {
    // Sorted so the serialised status does not churn between reconciles.
    windows = windows == null || windows.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(windows));
    recommendations = recommendations == null ? Recommendations.NONE : recommendations;
  }

  boolean hasTimeAfter(Instant now) {
    return ScalingState.after(lastScaleUp, now) || ScalingState.after(lastScaleDown, now)
        || windows.values().stream().anyMatch(since -> since.isAfter(now)) || recommendations.hasTimeAfter(now);
  }

  /** This state without any time after {@code now} (see {@link ScalingState#notAfter}). */
  ComponentState notAfter(Instant now) {
    Map<String, Instant> kept = new HashMap<>();
    windows.forEach((rule, since) -> {
      if (!since.isAfter(now)) {
        kept.put(rule, since);
      }
    });
    return new ComponentState(kept, recommendations.notAfter(now), ScalingState.past(lastScaleUp, now),
        ScalingState.past(lastScaleDown, now));
  }

  /** When the rule's condition started to hold, or null if it does not hold. */
  public Instant windowStart(String rule) {
    return windows.get(rule);
  }
}
