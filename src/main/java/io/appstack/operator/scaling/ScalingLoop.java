package io.appstack.operator.scaling;

import io.appstack.operator.scaling.config.StackPolicy;
import java.util.Objects;

/**
 * The loop around the engine (DESIGN §4), one turn per poll: collect → decide → realise. The operator and the
 * simulator both run it, each with its own {@link MetricsSource}, {@link StateStore} and {@link Realiser}, so what
 * the simulator judges is what the operator does.
 */
public final class ScalingLoop {
  private final ScalingEngine engine;

  public ScalingLoop(ScalingEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** One turn for one stack; returns what was decided (and handed to {@code realiser}). */
  public Evaluation turn(StackPolicy policy, MetricsSource metrics, StateStore memory, Realiser realiser) {
    StateStore.Remembered remembered = memory.load(policy);
    MetricsSnapshot snapshot = metrics.collect(policy);
    Evaluation evaluation = engine.evaluate(policy, snapshot, remembered.replicas(), remembered.state());
    realiser.realise(evaluation);
    return evaluation;
  }
}
