package io.appstack.operator.simulate;

import io.appstack.operator.scaling.config.Phase;

/** A phase change during a replay, at epoch microseconds {@code atMicros}. */
public record PhaseEvent(long atMicros, Phase from, Phase to, String reason) {}
