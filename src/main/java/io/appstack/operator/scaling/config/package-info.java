/**
 * What the engine is told: one stack's {@link io.appstack.operator.scaling.config.StackPolicy} (bounds, targets,
 * windows, rate limits, the predictive floor, a pinned or automatic {@link io.appstack.operator.scaling.config.Phase}),
 * every option and its default in one table ({@link io.appstack.operator.scaling.config.ScalingOption}), and the
 * roadmap's phase ranges. Immutable values, checked when built; the spec is translated into them by
 * {@code policy.SpecPolicies}.
 */
package io.appstack.operator.scaling.config;
