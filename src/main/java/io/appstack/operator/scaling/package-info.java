/**
 * The pure scaling decision engine: {@link io.appstack.operator.scaling.ScalingEngine#evaluate} turns a
 * {@link io.appstack.operator.scaling.config.StackPolicy}, a {@link io.appstack.operator.scaling.MetricsSnapshot},
 * the current replica counts and the prior {@link io.appstack.operator.scaling.state.ScalingState} into an
 * {@link io.appstack.operator.scaling.Evaluation}: one explained decision per component, an optional phase
 * change, the signals that were unusable, and the state to store for next time; {@link
 * io.appstack.operator.scaling.ScalingLoop} runs collect → decide → realise behind three small interfaces. No
 * Kubernetes, no I/O, no wall clock: time comes from the injected {@link java.time.Clock}.
 *
 * <p>Around it: {@code config} (what the engine is told), {@code signal} (what it reads), {@code state} (what it
 * remembers between evaluations) and {@code datatier} (the connection budget and advice).
 */
package io.appstack.operator.scaling;
