/**
 * The demand a replay is driven by: a trace file (requests per interval, or one arrival per line; timestamps or
 * epoch seconds, zoned or local) or a synthetic shape, turned into the requests arriving in each
 * step of a fixed grid ({@link io.appstack.operator.simulate.trace.Load}).
 */
package io.appstack.operator.simulate.trace;
