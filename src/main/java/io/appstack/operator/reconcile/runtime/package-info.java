/**
 * The operator process around the controller: its CDI beans, leader election, the liveness check on the informers,
 * and how its Kubernetes client reads what the API server stored.
 */
package io.appstack.operator.reconcile.runtime;
