package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** A PostgreSQL primary run by the operator. Its credentials are generated into <stack>-postgres. */
public record ManagedPrimary(
    @JsonPropertyDescription("Database name.")
    @Default("app") @Size(min = 1, max = 63) @Pattern("^[a-z_][a-z0-9_]*$")
    String database,
    @JsonPropertyDescription("Size of the data volume.")
    @Default("10Gi") @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$") @Size(max = 32)
    String storage,
    @JsonPropertyDescription("PostgreSQL image.")
    @Default("postgres:16") @Size(min = 1, max = 512)
    String image) {

  public ManagedPrimary {
    database = database == null ? "app" : database;
    storage = storage == null ? "10Gi" : storage;
    image = image == null ? "postgres:16" : image;
  }
}
