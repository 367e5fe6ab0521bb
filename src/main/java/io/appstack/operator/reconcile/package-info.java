/**
 * The AppStack controller: {@link io.appstack.operator.reconcile.AppStackReconciler} validates the spec, plans the
 * stack ({@link io.appstack.operator.reconcile.StackPlan}, a pure function of the resource and what the autoscaler
 * decided), runs the workflow of dependents and writes the status once ({@link
 * io.appstack.operator.reconcile.StatusAggregator}); {@link io.appstack.operator.reconcile.Autoscaler} is the
 * operator's side of the scaling loop (Prometheus in, the stack's status as its memory).
 *
 * <p>{@code apps} holds the app tier's dependents and the pod templates they share, {@code runtime} the process's
 * wiring (beans, leader election, health, the client's serialisation), {@code telemetry} the operator's own metrics.
 */
package io.appstack.operator.reconcile;
