package io.appstack.operator.scaling.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a component's recommendations have been lately, in the form its two windows need, as staircases of
 * levels: {@code up} holds levels above the current count with since when every recommendation has been at least
 * that level; {@code down} holds levels below it with since when every recommendation has been at most that level.
 * "Up to the lowest recommendation of the last upFor" and "down to the highest of the last downFor" (the HPA's
 * stabilisation windows) are then one lookup each. The memory is a few entries, and does not change while the
 * recommendation stays the same, so the status it is written to does not churn.
 */
public record Recommendations(List<Level> up, List<Level> down) {

  /** Every recommendation since {@code since} has been at least (up) or at most (down) {@code replicas}. */
  public record Level(int replicas, Instant since) {}

  /** No history: no window has started. */
  public static final Recommendations NONE = new Recommendations(List.of(), List.of());

  public Recommendations {
    up = up == null ? List.of() : List.copyOf(up);
    down = down == null ? List.of() : List.copyOf(down);
  }

  /** Most levels kept per side when read back: more than any real history has. */
  static final int MAX_LEVELS = 64;

  /**
   * Levels read back from status, put in order. Anyone who may write the status subresource can write them, so a
   * level out of step with the others (a higher up level with an earlier since, a repeated level) is dropped: a
   * window never fires on a history no engine wrote.
   */
  public static Recommendations of(List<Level> up, List<Level> down) {
    return new Recommendations(staircase(up, java.util.Comparator.comparingInt(Level::replicas)),
        staircase(down, java.util.Comparator.comparingInt(Level::replicas).reversed()));
  }

  private static List<Level> staircase(List<Level> levels, java.util.Comparator<Level> order) {
    List<Level> sorted = new ArrayList<>(levels);
    sorted.sort(order);
    List<Level> kept = new ArrayList<>();
    for (Level l : sorted) {
      Level last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
      if (kept.size() < MAX_LEVELS && l.replicas() >= 0
          && (last == null || (last.replicas() != l.replicas() && !l.since().isBefore(last.since())))) {
        kept.add(l);
      }
    }
    return kept;
  }

  /**
   * The history with {@code recommended} seen at {@code now} while the component runs {@code current} pods. A level
   * the new recommendation breaks is dropped; the new level starts at the earliest time the dropped levels prove (or
   * now), which may be later than the truth but never earlier: a window never fires early.
   */
  public Recommendations record(int recommended, int current, Instant now) {
    List<Level> ups = new ArrayList<>(up.size() + 1);
    Instant provenUp = null;
    for (Level l : up) { // ascending levels, since not decreasing
      if (l.replicas() <= current) {
        continue; // not above the current count any more
      }
      if (l.replicas() > recommended) {
        provenUp = provenUp == null ? l.since() : provenUp; // the lowest broken level has the earliest since
      } else {
        ups.add(l);
      }
    }
    if (recommended > current && (ups.isEmpty() || ups.get(ups.size() - 1).replicas() < recommended)) {
      ups.add(new Level(recommended, provenUp != null ? provenUp : now));
    }
    List<Level> downs = new ArrayList<>(down.size() + 1);
    Instant provenDown = null;
    for (Level l : down) { // descending levels, since not decreasing
      if (l.replicas() >= current) {
        continue;
      }
      if (l.replicas() < recommended) {
        provenDown = provenDown == null ? l.since() : provenDown;
      } else {
        downs.add(l);
      }
    }
    if (recommended < current && (downs.isEmpty() || downs.get(downs.size() - 1).replicas() > recommended)) {
      downs.add(new Level(recommended, provenDown != null ? provenDown : now));
    }
    return new Recommendations(ups, downs);
  }

  /** The lowest recommendation of the last {@code window}, if all of it was above the current count. */
  public Optional<Integer> upTo(Instant now, Duration window) {
    Integer best = null;
    for (Level l : up) {
      if (!l.since().plus(window).isAfter(now)) {
        best = l.replicas();
      }
    }
    return Optional.ofNullable(best);
  }

  /** The highest recommendation of the last {@code window}, if all of it was below the current count. */
  public Optional<Integer> downTo(Instant now, Duration window) {
    Integer best = null;
    for (Level l : down) {
      if (!l.since().plus(window).isAfter(now)) {
        best = l.replicas();
      }
    }
    return Optional.ofNullable(best);
  }

  /** Since when the recommendation has been above the current count, or null. */
  public Instant upSince() {
    return up.isEmpty() ? null : up.get(0).since();
  }

  /** Since when the recommendation has been below the current count, or null. */
  public Instant downSince() {
    return down.isEmpty() ? null : down.get(0).since();
  }

  public boolean hasTimeAfter(Instant now) {
    return up.stream().anyMatch(l -> l.since().isAfter(now)) || down.stream().anyMatch(l -> l.since().isAfter(now));
  }

  /** Without levels that start after {@code now} (see {@link ScalingState#notAfter}). */
  public Recommendations notAfter(Instant now) {
    return new Recommendations(up.stream().filter(l -> !l.since().isAfter(now)).toList(),
        down.stream().filter(l -> !l.since().isAfter(now)).toList());
  }
}
