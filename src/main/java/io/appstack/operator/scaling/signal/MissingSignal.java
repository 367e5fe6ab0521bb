package io.appstack.operator.scaling.signal;

/** A signal the engine could not use, and why; scope is a component key or "stack". */
public record MissingSignal(String scope, Signal signal, String reason) {

  /** One-line description, e.g. "api p95: query failed: timeout". */
  public String describe() {
    return scope + " " + signal.label() + ": " + reason;
  }
}
