package io.appstack.operator.datatier;

import io.appstack.operator.api.data.ReadReplicasSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What the PostgreSQL pods run: the primary's settings and first-start script, and the standbys'
 * bootstrap ({@code pg_basebackup -R -X stream}) and settings. Passwords come from the environment.
 *
 * <p>Environment the scripts read: {@code PGDATA}; for the init script {@code APP_USER},
 * {@code APP_PASSWORD}, {@code APP_DATABASE}, {@code REPLICATION_USER}, {@code REPLICATION_PASSWORD}
 * (and libpq's {@code PGHOST}/{@code PGPORT}/{@code PGUSER} to reach the server); for the bootstrap
 * {@code PRIMARY_HOST}, {@code PRIMARY_PORT}, {@code REPLICATION_USER} and {@code PGPASSWORD}.
 */
public final class PostgresScripts {
  public static final int PORT = 5432;
  public static final String REPLICATION_USER = "replicator";
  public static final String SUPERUSER = "postgres";
  public static final String APP_USER = "app";
  /**
   * WAL senders (and replication slots) for the most replicas a stack may have, each of which holds two while
   * its {@code pg_basebackup -X stream} runs (the replicas' StatefulSet starts them in parallel), plus two
   * spare. Fixed rather than derived from the current count: the setting needs a restart, and turning replicas
   * on or off must never restart the primary.
   */
  public static final int WAL_SENDERS = 2 * ReadReplicasSpec.MAX_COUNT + 2;

  private PostgresScripts() {}

  /**
   * Server settings of the primary ({@code -c name=value} arguments). They do not depend on the phase:
   * turning replicas on or off never restarts the primary.
   */
  public static List<String> primaryArgs(int maxConnections) {
    return args(List.of(
        "wal_level=replica",
        "max_wal_senders=" + WAL_SENDERS,
        "max_replication_slots=" + WAL_SENDERS,
        "wal_keep_size=512MB",
        "hot_standby=on",
        "max_connections=" + maxConnections,
        "password_encryption=scram-sha-256"));
  }

  /** Settings of a hot standby; max_connections and max_wal_senders match the primary, as PostgreSQL requires. */
  public static List<String> standbyArgs(int maxConnections) {
    return args(List.of(
        "wal_level=replica",
        "max_wal_senders=" + WAL_SENDERS,
        "max_replication_slots=" + WAL_SENDERS,
        "hot_standby=on",
        "hot_standby_feedback=on",
        "max_connections=" + maxConnections,
        "password_encryption=scram-sha-256"));
  }

  /** Run once on the primary's first start (the image runs /docker-entrypoint-initdb.d): users and replication access. */
  public static String primaryInit() {
    return """
        set -eu
        psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname postgres \\
          -v app_user="$APP_USER" -v app_password="$APP_PASSWORD" -v app_db="$APP_DATABASE" \\
          -v repl_user="$REPLICATION_USER" -v repl_password="$REPLICATION_PASSWORD" <<'SQL'
        SET password_encryption = 'scram-sha-256';
        CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
        CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_password';
        ALTER DATABASE :"app_db" OWNER TO :"app_user";
        SQL
        echo "host replication $REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
        """;
  }

  /**
   * A standby's init container: an empty data directory is filled from the primary with
   * {@code pg_basebackup -R -X stream} (which writes standby.signal and primary_conninfo); a
   * directory that already holds a cluster is left alone, so a restart resumes streaming.
   */
  public static String replicaBootstrap() {
    return """
        set -eu
        if [ -s "$PGDATA/PG_VERSION" ]; then echo "standby data present"; exit 0; fi
        mkdir -p "$PGDATA"
        find "$PGDATA" -mindepth 1 -delete
        i=0
        until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
          i=$((i+1)); [ "$i" -lt 150 ] || { echo "primary $PRIMARY_HOST does not answer" >&2; exit 1; }
          sleep 2
        done
        pg_basebackup --pgdata="$PGDATA" --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" \\
          --username="$REPLICATION_USER" --no-password -R -X stream --checkpoint=fast
        chmod 700 "$PGDATA"
        echo "standby bootstrapped from $PRIMARY_HOST"
        """;
  }

  /** Readiness of a standby: its WAL receiver streams from the primary. */
  public static String standbyStreamingCheck() {
    return "psql --no-psqlrc -tA -U " + SUPERUSER + " -d postgres "
        + "-c \"SELECT status FROM pg_stat_wal_receiver\" | grep -qx streaming";
  }

  private static List<String> args(List<String> settings) {
    List<String> args = new ArrayList<>();
    for (String s : settings) {
      args.add("-c");
      args.add(s);
    }
    return args;
  }
}
