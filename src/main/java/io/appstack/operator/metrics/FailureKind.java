package io.appstack.operator.metrics;

/** Why a signal has no usable value. None of these is ever read as zero. */
public enum FailureKind {
  /** The query matched no series for this stack. */
  EMPTY("no data"),
  /** The query matched several series where one was expected. */
  MULTIPLE_SERIES("several series"),
  NAN("NaN"),
  INFINITE("infinite value"),
  /** Prometheus answered with a non-2xx status. */
  HTTP_ERROR("HTTP error"),
  /** Prometheus answered 2xx with status "error" (bad PromQL, execution error). */
  PROMETHEUS_ERROR("query error"),
  TIMEOUT("timeout"),
  /** Connection refused, DNS failure, TLS failure. */
  UNREACHABLE("unreachable"),
  /** The body was not the JSON the HTTP API documents. */
  MALFORMED("malformed response");

  private final String words;

  FailureKind(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
