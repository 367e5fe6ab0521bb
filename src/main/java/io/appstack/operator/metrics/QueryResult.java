package io.appstack.operator.metrics;

import java.util.List;
import java.util.Map;

/** The outcome of one instant query: a vector, or a typed failure. Never an exception. */
public sealed interface QueryResult {

  /** A successful instant query. */
  record Vector(List<Series> series) implements QueryResult {
    public Vector {
      series = List.copyOf(series);
    }
  }

  /** The query failed as a whole. */
  record Failure(FailureKind kind, String message) implements QueryResult {}

  /** The one series whose labels include {@code match}, or why there is none usable. */
  default Reading select(Map<String, String> match) {
    if (this instanceof Failure failure) {
      return new Reading.Unhealthy(failure.kind(), failure.message());
    }
    List<Series> matching = ((Vector) this).series().stream()
        .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
        .toList();
    if (matching.isEmpty()) {
      return new Reading.Unhealthy(FailureKind.EMPTY, "no series for " + match);
    }
    if (matching.size() > 1) {
      return new Reading.Unhealthy(FailureKind.MULTIPLE_SERIES, matching.size() + " series for " + match);
    }
    return Reading.of(matching.get(0));
  }
}
