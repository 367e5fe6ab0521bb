/**
 * The spec of the sizing: the phase (pinned or Auto), the API's and each pool's targets and windows, rate limits,
 * bounds, the predictive floor, the Prometheus queried and the queries that override the defaults.
 */
package io.appstack.operator.api.autoscaling;
