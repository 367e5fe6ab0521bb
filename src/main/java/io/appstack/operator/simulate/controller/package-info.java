/**
 * The policies a replay compares, each a {@link io.appstack.operator.simulate.controller.Controller}: the operator's
 * engine (run through the same {@code ScalingLoop} as in the cluster, with a simulated clock), HPA + KEDA as
 * Kubernetes computes them, the static baselines and the clairvoyant lower bound.
 */
package io.appstack.operator.simulate.controller;
