/**
 * The AppStack custom resource, from which the CRD in {@code crds/} is generated: the spec's apps (the API and the
 * worker pools, their containers and pods) here; {@code autoscaling} (the sizing), {@code data} (Redis, PostgreSQL,
 * PgBouncer) and {@code status} beside it. Constraints live in annotations and CEL rules, so the API server refuses
 * what the operator could not act on.
 */
package io.appstack.operator.api;
