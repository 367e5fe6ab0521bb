/**
 * The pure scaling decision engine: {@link io.appstack.operator.scaling.ScalingEngine#evaluate} turns a
 * {@link io.appstack.operator.scaling.StackPolicy}, a {@link io.appstack.operator.scaling.MetricsSnapshot},
 * the current replica counts and the prior {@link io.appstack.operator.scaling.ScalingState} into an
 * {@link io.appstack.operator.scaling.Evaluation}: one explained decision per component, an optional phase
 * change, the signals that were unusable, and the state to store for next time. No Kubernetes, no I/O,
 * no wall clock: time comes from the injected {@link java.time.Clock}.
 */
package io.appstack.operator.scaling;
