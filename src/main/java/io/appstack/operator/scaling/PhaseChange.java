package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.Phase;
import java.util.Objects;

/** A move of the stack from one phase to another, and why. */
public record PhaseChange(Phase from, Phase to, String reason) {

  public PhaseChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }

  /** True when moving to a larger phase. */
  public boolean promotion() {
    return to.compareTo(from) > 0;
  }

  /** One-line description, e.g. "phase Medium→Large: users 12000 ≥ 10000". */
  public String describe() {
    return "phase " + from.label() + "→" + to.label() + ": " + reason;
  }
}
