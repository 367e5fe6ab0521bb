package io.appstack.operator.scaling;

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

  /** The remembered state of a component, empty if never seen. */
  public ComponentState component(String key) {
    ComponentState s = components.get(key);
    return s != null ? s : ComponentState.EMPTY;
  }
}
