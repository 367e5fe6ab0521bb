package io.appstack.operator.datatier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.api.data.PgBouncerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pgbouncer.ini and userlist.txt refuse, where they are written, every value that could add a line or a setting,
 * whatever got past the schema and the validator (the second line of defence, tried with the hostile strings of
 * the corpus).
 */
class PgBouncerConfigInjectionTest {
  static final PgBouncerSpec SPEC = new PgBouncerSpec(null, null, null, null, null, null, null, null);

  static String ini(String host, String database, String user) {
    return PgBouncerConfig.ini(PgBouncerConfig.fromSpec(SPEC, database, new PgBouncerConfig.Server(host, 5432), null,
        user, "0.0.0.0", PgBouncerConfig.PORT, "/etc/pgbouncer/userlist.txt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"db.example.com\n%include /etc/passwd", "db auth_user=postgres", "db'", "$(reboot)",
      "`id`", "db;drop", "db\"x", "db\rx"})
  void aHostDatabaseOrUserThatIsNotAPlainNameIsNeverWritten(String hostile) {
    assertThatThrownBy(() -> ini(hostile, "shop", "app")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ini("db.example.com", hostile, "app")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ini("db.example.com", "shop", hostile)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"db.example.com", "10.0.0.7", "fd00::7", "shop-db.postgres.svc.cluster.local"})
  void plainHostsAreWrittenAsThey(String host) {
    assertThat(ini(host, "shop", "app@tenant")).contains("shop = host=" + host + " port=5432 dbname=shop")
        .contains("stats_users = app@tenant");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pw\n\"admin\" \"x\"", "pw\r", "pw\u0000"})
  void aPasswordWithALineBreakCannotAddAUser(String password) {
    assertThatThrownBy(() -> PgBouncerConfig.userlist("app", password, PgBouncerConfig.AuthType.SCRAM_SHA_256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void transactionPoolingKeepsPreparedStatementsWorkingUnlessTurnedOff() {
    assertThat(ini("db.example.com", "shop", "app")).contains("pool_mode = transaction", "max_prepared_statements = 200");
    String older = PgBouncerConfig.ini(PgBouncerConfig.fromSpec(new PgBouncerSpec(null, null, null, null, null, null,
        null, 0), "shop", new PgBouncerConfig.Server("db", 5432), null, "app", "0.0.0.0", 6432, "/u"));
    assertThat(older).doesNotContain("max_prepared_statements");
  }

  @org.junit.jupiter.api.Test
  void quotesInAPasswordStayInsideItsValue() {
    assertThat(PgBouncerConfig.userlist("app", "p\"w", PgBouncerConfig.AuthType.SCRAM_SHA_256))
        .isEqualTo("\"app\" \"p\"\"w\"\n");
  }
}
