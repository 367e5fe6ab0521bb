/**
 * What the engine reads: the {@link io.appstack.operator.scaling.signal.Signal}s (each defined once, with the
 * component kind it belongs to), their timestamped {@link io.appstack.operator.scaling.signal.Sample}s, the
 * predictive floor's {@link io.appstack.operator.scaling.signal.Forecast}s, and the signals that were unusable.
 */
package io.appstack.operator.scaling.signal;
