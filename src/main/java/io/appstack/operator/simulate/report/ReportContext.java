package io.appstack.operator.simulate.report;

import io.appstack.operator.simulate.trace.Trace;

/**
 * What a report says about its inputs, besides the results.
 *
 * @param traceName the trace file as given
 * @param trace the trace as read
 * @param stackName the AppStack file as given
 * @param appStackName metadata.name of the AppStack
 * @param phaseSpec the spec's phase (Auto or a pinned phase)
 * @param traceMedianRps median per-minute rate of the trace as read
 * @param tracePeakRps peak per-minute rate of the trace as read
 * @param medianRps the --median-rps asked for, or null
 * @param peakRps the --peak-rps asked for, or null
 */
public record ReportContext(
    String traceName,
    Trace trace,
    String stackName,
    String appStackName,
    String phaseSpec,
    double traceMedianRps,
    double tracePeakRps,
    Double medianRps,
    Double peakRps) {}
