/**
 * {@code bin/simulate}: replays a traffic trace through a model of the stack (API latency, worker queues, pods
 * starting) under every policy on equal terms — the same bounds, start replicas, capacity model and start-up delay
 * — and reports SLO-violation minutes, replica-hours and scale events for each.
 *
 * <p>{@code trace} reads the demand (CSV traces, arrival logs, synthetic shapes) into per-step {@code Load};
 * {@code controller} holds the policies replayed (the operator's own engine through its {@code ScalingLoop}, HPA +
 * KEDA, the static baselines, the clairvoyant bound); {@code report} writes the table, the JSON and the HTML charts.
 */
package io.appstack.operator.simulate;
