package io.appstack.operator.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A component's rules for one evaluation: each gauge has an up rule (value above its threshold
 * for {@code upFor}); the calm rule needs every gauge healthy, none above and every gauge with a
 * down threshold below it, for {@code downFor}.
 */
record RuleSet(List<Gauge> gauges, String calmRule, Duration upFor, Duration downFor, Map<String, Double> observed) {}
