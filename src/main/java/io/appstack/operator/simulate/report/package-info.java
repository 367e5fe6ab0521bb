/**
 * What a replay prints: the policy table with its targets (SLO minutes and replica-hours against HPA + KEDA, and
 * against the clairvoyant bound), the {@code --json} document and the HTML report.
 */
package io.appstack.operator.simulate.report;
