package io.appstack.operator.scaling.state;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Phase;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the engine must remember between evaluations (and operator restarts): the current
 * phase, per-component windows and last scale times (keyed by {@link Component#key()}), and
 * since when the stack has been under phase pressure or calm. Plain, Jackson-friendly data.
 */
public record ScalingState(
    Phase phase, Instant pressureSince, Instant calmSince, Map<String, ComponentState> components) {

  public ScalingState {
    Objects.requireNonNull(phase, "phase");
    components = components == null || components.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(components));
  }

  /** A fresh stack in the given phase with no history. */
  public static ScalingState initial(Phase phase) {
    return new ScalingState(phase, null, null, Map.of());
  }

  /**
   * This state without any time after {@code now}. The state is read back from status, which anyone who may
   * write the status subresource can write: a window "started" in the future would never fire (freezing
   * scale-ups), a last scale-up in the future would rate-limit forever. Such a time is forgotten, as if the
   * window had not started or the scale had not happened.
   */
  public ScalingState notAfter(Instant now) {
    // Evaluated every poll for every stack: the usual case (nothing after now) allocates nothing.
    boolean future = after(pressureSince, now) || after(calmSince, now)
        || components.values().stream().anyMatch(c -> c.hasTimeAfter(now));
    if (!future) {
      return this;
    }
    Map<String, ComponentState> kept = new TreeMap<>();
    components.forEach((key, state) -> kept.put(key, state.notAfter(now)));
    return new ScalingState(phase, past(pressureSince, now), past(calmSince, now), kept);
  }

  static boolean after(Instant time, Instant now) {
    return time != null && time.isAfter(now);
  }

  static Instant past(Instant time, Instant now) {
    return time == null || time.isAfter(now) ? null : time;
  }

  /** The remembered state of a component, empty if never seen. */
  public ComponentState component(String key) {
    ComponentState s = components.get(key);
    return s != null ? s : ComponentState.EMPTY;
  }
}
