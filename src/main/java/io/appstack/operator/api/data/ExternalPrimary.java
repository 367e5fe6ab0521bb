package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A PostgreSQL server outside the stack. */
public record ExternalPrimary(
    @JsonPropertyDescription("Host name, IPv4 or IPv6 address (written into pgbouncer.ini and DATABASE_URL).")
    @Required @Size(min = 1, max = 253) @Pattern(HOST)
    String host,
    @JsonPropertyDescription("Port.")
    @Default("5432") @Min(1) @Max(65535)
    Integer port,
    @JsonPropertyDescription("Database name: letters, digits, '_' and '-' (written into pgbouncer.ini and DATABASE_URL).")
    @Required @Size(min = 1, max = 63) @Pattern(DATABASE)
    String database,
    @JsonPropertyDescription("Secret with keys 'username' and 'password'.")
    @Required @Size(min = 1, max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    String credentialsSecret) {

  /** A DNS name, an IPv4 or an IPv6 address: nothing that could end a line or a value in a config file. */
  public static final String HOST = "^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)$";
  public static final String DATABASE = "^[A-Za-z_][A-Za-z0-9_-]*$";

  public ExternalPrimary {
    port = port == null ? 5432 : port;
  }
}
