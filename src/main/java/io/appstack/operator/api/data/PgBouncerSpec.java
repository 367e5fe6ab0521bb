package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** PgBouncer between the apps and PostgreSQL. */
public record PgBouncerSpec(
    @JsonPropertyDescription("Auto: on from Medium, or in Small when database connections pass 80% of "
        + "maxConnections. Enabled or Disabled force it.")
    @Default("Auto")
    Toggle mode,
    @JsonPropertyDescription("PgBouncer pool_mode.")
    @Default("transaction")
    PoolMode poolMode,
    @JsonPropertyDescription("max_client_conn of each PgBouncer instance.")
    @Default("1000") @Min(1) @Max(100000)
    Integer maxClientConn,
    @JsonPropertyDescription("default_pool_size: server connections per database and user.")
    @Default("20") @Min(1) @Max(10000)
    Integer defaultPoolSize,
    @JsonPropertyDescription("reserve_pool_size: extra server connections under load.")
    @Default("5") @Min(0) @Max(10000)
    Integer reservePoolSize,
    @JsonPropertyDescription("PgBouncer instances.")
    @Default("2") @Min(1) @Max(20)
    Integer replicas,
    @JsonPropertyDescription("PgBouncer image: one that runs `pgbouncer <ini>` (the default is CloudNativePG's, "
        + "maintained beside its operator).")
    @Default(DEFAULT_IMAGE) @Size(min = 1, max = 512)
    String image,
    @JsonPropertyDescription("max_prepared_statements (PgBouncer 1.21+): prepared statements work through "
        + "transaction pooling (node-postgres, Prisma and most ORMs use them). 0 omits the setting (older PgBouncer).")
    @Default("200") @Min(0) @Max(100000)
    Integer maxPreparedStatements) {

  /** CloudNativePG's PgBouncer image: Debian with PgBouncer from the PostgreSQL project's packages, kept current. */
  public static final String DEFAULT_IMAGE = "ghcr.io/cloudnative-pg/pgbouncer:1.25.2";
  public static final PgBouncerSpec DEFAULTS = new PgBouncerSpec(null, null, null, null, null, null, null, null);

  public PgBouncerSpec {
    mode = mode == null ? Toggle.Auto : mode;
    poolMode = poolMode == null ? PoolMode.TRANSACTION : poolMode;
    maxClientConn = maxClientConn == null ? 1000 : maxClientConn;
    defaultPoolSize = defaultPoolSize == null ? 20 : defaultPoolSize;
    reservePoolSize = reservePoolSize == null ? 5 : reservePoolSize;
    replicas = replicas == null ? 2 : replicas;
    image = image == null ? DEFAULT_IMAGE : image;
    maxPreparedStatements = maxPreparedStatements == null ? 200 : maxPreparedStatements;
  }
}
