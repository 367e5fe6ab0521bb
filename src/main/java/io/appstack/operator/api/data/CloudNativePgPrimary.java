package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A PostgreSQL cluster that CloudNativePG runs: the operator writes its {@code Cluster} (1 + the phase's read
 * replicas as instances) and a PgBouncer {@code Pooler}; CloudNativePG does failover, backups and the credentials
 * ({@code <stack>-pg-app}). The database and its owner are made at bootstrap and cannot change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.database == oldSelf.database && self.owner == oldSelf.owner",
    message = "database.primary.cloudNativePG database and owner cannot change: CloudNativePG created them at "
        + "bootstrap; create the new database yourself and point the apps at it")
public record CloudNativePgPrimary(
    @JsonPropertyDescription("Database created at bootstrap.")
    @Default("app") @Size(min = 1, max = 63) @Pattern(IDENTIFIER)
    String database,
    @JsonPropertyDescription("Owner of the database: the user the apps connect as.")
    @Default("app") @Size(min = 1, max = 63) @Pattern(IDENTIFIER)
    String owner,
    @JsonPropertyDescription("Size of each instance's data volume.")
    @Default("10Gi") @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$") @Size(max = 32)
    String storage,
    @JsonPropertyDescription("StorageClass of the data volumes; the cluster's default if unset.")
    @Size(max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    String storageClass,
    @JsonPropertyDescription("PostgreSQL image; CloudNativePG's default for its version if unset.")
    @Size(min = 1, max = 512)
    String imageName,
    @JsonPropertyDescription("CPU request of each instance, e.g. 500m.")
    @Size(max = 32) @Pattern("^[0-9]+(\\.[0-9]+)?m?$")
    String cpu,
    @JsonPropertyDescription("Memory request and limit of each instance, e.g. 2Gi.")
    @Size(max = 32) @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
    String memory) {

  /** A PostgreSQL identifier the operator writes unquoted. */
  public static final String IDENTIFIER = "^[a-z_][a-z0-9_]*$";

  public CloudNativePgPrimary {
    database = database == null ? "app" : database;
    owner = owner == null ? "app" : owner;
    storage = storage == null ? "10Gi" : storage;
  }
}
