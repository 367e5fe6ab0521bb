package io.appstack.operator.scaling;

import io.appstack.operator.scaling.state.ScalingState;
import java.util.Objects;

/** A scalable part of a stack: the API or one named worker pool. */
public record Component(Kind kind, String name) {

  /** What kind of rules apply to a component. */
  public enum Kind { API, WORKER }

  /** The stack's single API component. */
  public static final Component API = new Component(Kind.API, "api");

  public Component {
    Objects.requireNonNull(kind, "kind");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("component name must not be blank");
    }
  }

  /** The worker pool with the given name. */
  public static Component worker(String pool) {
    return new Component(Kind.WORKER, pool);
  }

  /** Stable key used in {@link ScalingState} maps, e.g. "api" or "worker/emails". */
  public String key() {
    return kind == Kind.API ? "api" : "worker/" + name;
  }

  /** Name used in human messages, e.g. "api" or "worker emails". */
  public String label() {
    return kind == Kind.API ? "api" : "worker " + name;
  }

  @Override
  public String toString() {
    return key();
  }
}
