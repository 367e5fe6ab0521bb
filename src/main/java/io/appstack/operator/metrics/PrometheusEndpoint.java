package io.appstack.operator.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where and how to query Prometheus. The token is a secret: never log this record. */
public record PrometheusEndpoint(URI url, Duration timeout, Optional<String> bearerToken, Optional<String> caPem,
    boolean insecureSkipTlsVerify) {
  @Override
  public String toString() {
    return "PrometheusEndpoint[" + url + ", timeout=" + timeout + (bearerToken.isPresent() ? ", token=***" : "") + "]";
  }
}
