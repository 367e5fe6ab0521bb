/**
 * The app tier's children, one dependent each (the API's Deployment, Service and PodDisruptionBudget, a Deployment
 * per worker pool, the connection Secret), and the pod templates, probes and placement they share. Each desired
 * object is a pure function of the AppStack and its {@link io.appstack.operator.reconcile.StackPlan}.
 */
package io.appstack.operator.reconcile.apps;
