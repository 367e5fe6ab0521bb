package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A PostgreSQL server outside the stack. */
public record ExternalPrimary(
    @JsonPropertyDescription("Host name or address.")
    @Required @Size(min = 1, max = 253)
    String host,
    @JsonPropertyDescription("Port.")
    @Default("5432") @Min(1) @Max(65535)
    Integer port,
    @JsonPropertyDescription("Database name.")
    @Required @Size(min = 1, max = 63)
    String database,
    @JsonPropertyDescription("Secret with keys 'username' and 'password'.")
    @Required @Size(min = 1, max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    String credentialsSecret) {

  public ExternalPrimary {
    port = port == null ? 5432 : port;
  }
}
