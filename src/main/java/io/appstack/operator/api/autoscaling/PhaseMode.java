package io.appstack.operator.api.autoscaling;

/** How the phase is chosen: {@code Auto} lets the operator move along the roadmap; the others pin it. */
public enum PhaseMode {
  Auto, Small, Medium, Large, Enterprise
}
