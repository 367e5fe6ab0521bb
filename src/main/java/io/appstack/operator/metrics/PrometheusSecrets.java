package io.appstack.operator.metrics;

import java.util.Optional;

/** What a stack's Secrets hold for Prometheus: a bearer token and a CA bundle. Never log it. */
public record PrometheusSecrets(Optional<String> bearerToken, Optional<String> caPem) {
  public static final PrometheusSecrets NONE = new PrometheusSecrets(Optional.empty(), Optional.empty());

  @Override
  public String toString() {
    return "PrometheusSecrets[token=" + (bearerToken.isPresent() ? "***" : "none") + ", ca="
        + (caPem.isPresent() ? "set" : "none") + "]";
  }
}
