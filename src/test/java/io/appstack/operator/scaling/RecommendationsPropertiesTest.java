package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.state.Recommendations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The staircases of {@link Recommendations} against the obvious, slow way: keep every recommendation and look at
 * the window. For any history of recommendations and counts, "up to the lowest recommendation of the last upFor, if
 * all of it was above the count" and "down to the highest of the last downFor, if all of it was below" must agree.
 */
class RecommendationsPropertiesTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Duration STEP = Duration.ofSeconds(15);

  record Step(int recommended, int current) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Integer> count = Arbitraries.integers().between(0, 12);
    return Arbitraries.integers().between(0, 14).flatMap(base -> count.flatMap(c ->
        Arbitraries.integers().between(0, 14).map(r -> new Step(r, c))))
        .list().ofMinSize(1).ofMaxSize(60)
        // counts change only now and then, as they do when the engine acts on them
        .map(RecommendationsPropertiesTest::stickyCounts);
  }

  static List<Step> stickyCounts(List<Step> steps) {
    List<Step> out = new ArrayList<>(steps.size());
    int current = steps.get(0).current();
    for (int i = 0; i < steps.size(); i++) {
      if (i % 7 == 3) {
        current = steps.get(i).current();
      }
      out.add(new Step(steps.get(i).recommended(), current));
    }
    return out;
  }

  @Property(tries = 2000)
  void atAConstantCountTheStaircasesAreExactlyTheWindowsLowestAndHighest(@ForAll("histories") List<Step> history,
      @ForAll("windows") Duration upFor, @ForAll("windows") Duration downFor) {
    List<Step> steps = history.stream().map(s -> new Step(s.recommended(), history.get(0).current())).toList();
    Recommendations r = Recommendations.NONE;
    for (int i = 0; i < steps.size(); i++) {
      Instant now = T0.plus(STEP.multipliedBy(i));
      r = r.record(steps.get(i).recommended(), steps.get(i).current(), now);
      assertThat(r.upTo(now, upFor)).as("up at step %d of %s", i, steps).isEqualTo(naiveUp(steps, i, upFor));
      assertThat(r.downTo(now, downFor)).as("down at step %d of %s", i, steps).isEqualTo(naiveDown(steps, i, downFor));
    }
  }

  /**
   * While the count changes (the engine's own steps, a hand edit) a window never fires early: every recommendation of
   * the window was at least (up) or at most (down) the count it goes to, and above (below) the count of its moment.
   */
  @Property(tries = 2000)
  void whileTheCountChangesAWindowNeverFiresOnLessEvidence(@ForAll("histories") List<Step> steps,
      @ForAll("windows") Duration upFor, @ForAll("windows") Duration downFor) {
    Recommendations r = Recommendations.NONE;
    for (int i = 0; i < steps.size(); i++) {
      Instant now = T0.plus(STEP.multipliedBy(i));
      r = r.record(steps.get(i).recommended(), steps.get(i).current(), now);
      int at = i;
      r.upTo(now, upFor).ifPresent(to -> {
        assertThat(to).isGreaterThan(steps.get(at).current());
        for (int k = first(at, upFor); k <= at; k++) {
          assertThat(steps.get(k).recommended()).as("up at %d of %s", at, steps).isGreaterThanOrEqualTo(to)
              .isGreaterThan(steps.get(k).current());
        }
      });
      r.downTo(now, downFor).ifPresent(to -> {
        assertThat(to).isLessThan(steps.get(at).current());
        for (int k = first(at, downFor); k <= at; k++) {
          assertThat(steps.get(k).recommended()).as("down at %d of %s", at, steps).isLessThanOrEqualTo(to)
              .isLessThan(steps.get(k).current());
        }
      });
    }
  }

  /** The first step inside a window that ends at step {@code at}. */
  static int first(int at, Duration window) {
    return Math.max(0, at - (int) (window.toSeconds() / STEP.toSeconds()));
  }

  @Provide
  Arbitrary<Duration> windows() {
    return Arbitraries.of(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofMinutes(1),
        Duration.ofMinutes(5));
  }

  /**
   * The slow way (at a constant count): every recommended value L above the count, with the start of the longest run
   * up to now in which every recommendation was at least L; the highest L whose run covers the window (that is the
   * lowest recommendation of the window).
   */
  static Optional<Integer> naiveUp(List<Step> steps, int at, Duration window) {
    Instant now = T0.plus(STEP.multipliedBy(at));
    Integer best = null;
    for (int i = 0; i <= at; i++) {
      int level = steps.get(i).recommended();
      if (level <= steps.get(at).current()) {
        continue;
      }
      int start = at;
      while (start >= 0 && steps.get(start).recommended() >= level && level > steps.get(start).current()) {
        start--;
      }
      boolean covers = start < at && !T0.plus(STEP.multipliedBy(start + 1)).plus(window).isAfter(now);
      if (covers && (best == null || level > best)) {
        best = level;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The mirror image: the lowest L below the count whose run of recommendations at most L covers the window. */
  static Optional<Integer> naiveDown(List<Step> steps, int at, Duration window) {
    Instant now = T0.plus(STEP.multipliedBy(at));
    Integer best = null;
    for (int i = 0; i <= at; i++) {
      int level = steps.get(i).recommended();
      if (level >= steps.get(at).current()) {
        continue;
      }
      int start = at;
      while (start >= 0 && steps.get(start).recommended() <= level && level < steps.get(start).current()) {
        start--;
      }
      boolean covers = start < at && !T0.plus(STEP.multipliedBy(start + 1)).plus(window).isAfter(now);
      if (covers && (best == null || level < best)) {
        best = level;
      }
    }
    return Optional.ofNullable(best);
  }

  @Test
  void levelsNoEngineWroteAreDropped() {
    Instant t = T0;
    Recommendations forged = Recommendations.of(
        List.of(new Recommendations.Level(9, t), new Recommendations.Level(7, t.plusSeconds(60)),
            new Recommendations.Level(7, t), new Recommendations.Level(-1, t)),
        List.of(new Recommendations.Level(2, t), new Recommendations.Level(3, t.plusSeconds(30))));
    // up: 7 (the earlier of the two 7s is kept, sorted first), then 9 with an earlier since than 7's: out of step.
    assertThat(forged.up()).extracting(Recommendations.Level::replicas).containsExactly(7);
    assertThat(forged.down()).extracting(Recommendations.Level::replicas).containsExactly(3);
  }
}
