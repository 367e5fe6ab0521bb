package io.appstack.operator.api.autoscaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.appstack.operator.api.SecretKeyRef;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The Prometheus the operator queries for this stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrometheusSpec(
    @JsonPropertyDescription("Base URL of the Prometheus HTTP API; defaults to the operator's configured URL.")
    @Size(max = 2048) @Pattern("^https?://.+")
    String url,

    @JsonPropertyDescription("Secret key holding a bearer token sent with every query.")
    SecretKeyRef bearerTokenSecretRef,

    @JsonPropertyDescription("Timeout of one query.")
    @Default("5s") @Pattern(Durations.PATTERN)
    String timeout,

    @JsonPropertyDescription("Secret key holding the PEM CA certificate(s) that sign the Prometheus server's "
        + "certificate, for https URLs signed by a private CA.")
    SecretKeyRef caSecretRef,

    @JsonPropertyDescription("Skip TLS certificate verification (testing only).")
    @Default("false")
    Boolean insecureSkipTlsVerify) {

  public PrometheusSpec {
    timeout = timeout == null ? "5s" : timeout;
    insecureSkipTlsVerify = insecureSkipTlsVerify != null && insecureSkipTlsVerify;
  }
}
