package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A PostgreSQL primary run by the operator. Its credentials are generated into <stack>-postgres. The database
 * name is fixed: the primary creates it on its first start, and a new name would point the apps at a database
 * that does not exist. (On the type: see {@link RedisSpec} for why rules sit there.)
 */
@ValidationRule(value = "self.database == oldSelf.database",
    message = "database.primary.managed.database cannot change: the primary created it on its first start; "
        + "create the new database yourself and point the apps at it")
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
