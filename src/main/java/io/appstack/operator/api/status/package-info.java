/**
 * The AppStack's status: the conditions, each component's replicas and last decision, the scaling state the engine
 * resumes from after a restart, and the advisories. Written only by the operator, once per reconcile.
 */
package io.appstack.operator.api.status;
