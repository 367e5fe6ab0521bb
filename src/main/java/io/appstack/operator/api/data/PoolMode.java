package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PgBouncer pool_mode. */
public enum PoolMode {
  @JsonProperty("session") SESSION,
  @JsonProperty("transaction") TRANSACTION,
  @JsonProperty("statement") STATEMENT;

  public String iniValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
