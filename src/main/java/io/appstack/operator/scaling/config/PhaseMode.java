package io.appstack.operator.scaling.config;

/** Whether the phase planner may move the phase ({@link #AUTO}) or the spec pins it. */
public record PhaseMode(Phase pinnedPhase) {

  /** The planner moves the phase by itself. */
  public static final PhaseMode AUTO = new PhaseMode(null);

  /** The phase is fixed by the spec and never moves by itself. */
  public static PhaseMode pinned(Phase phase) {
    if (phase == null) {
      throw new IllegalArgumentException("pinned phase must not be null");
    }
    return new PhaseMode(phase);
  }

  /** True in Auto mode. */
  public boolean isAuto() {
    return pinnedPhase == null;
  }
}
