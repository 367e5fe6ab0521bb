package io.appstack.operator.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The scaling engine's memory. The operator is stateless: a restarted operator reads this back and
 * continues every window where it was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingStatus(
    @JsonPropertyDescription("Rules whose condition holds, waiting for their window.")
    List<WindowStatus> windows,
    @JsonPropertyDescription("Last scale-up and scale-down per component, for the rate limits.")
    List<ScaleTimes> lastScale,
    @JsonPropertyDescription("Recent recommendations per component, as levels: every recommendation since 'since' "
        + "was at least (up) or at most (down) 'replicas'. Scale-ups go to the lowest of the last upFor, scale-downs "
        + "to the highest of the last downFor.")
    List<RecommendationLevel> recommendations,
    @JsonPropertyDescription("Since when a component has been held at its ceiling under pressure (promotion).")
    String promotionPressureSince,
    @JsonPropertyDescription("Since when the stack has been calm enough for the lower phase (demotion).")
    String calmSince,
    @JsonPropertyDescription("The most recent decisions, newest first (at most 10).")
    List<DecisionRecord> recentDecisions) {

  public static final int MAX_RECENT_DECISIONS = 10;

  public ScalingStatus {
    windows = windows == null ? List.of() : List.copyOf(windows);
    lastScale = lastScale == null ? List.of() : List.copyOf(lastScale);
    recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
  }

  /** A rule whose condition has held since {@code since}. */
  public record WindowStatus(String component, String rule, String since) {}

  /** One level of a component's recent recommendations; {@code direction} is "up" or "down". */
  public record RecommendationLevel(String component, String direction, Integer replicas, String since) {}

  /** When a component was last scaled up and down. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScaleTimes(String component, String up, String down) {}

  /** One decision as shown to users: replicas of a component, or the stack's phase. */
  public record DecisionRecord(String time, String component, String from, String to, String rule, String reason) {}
}
