package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appstack.operator.scaling.datatier.ConnectionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two inequalities of DESIGN.md §3, the pod ceiling they imply, and the setting each failure names. */
class ConnectionBudgetTest {

  @ParameterizedTest(name = "api {0} + workers {1} × {2}, bouncer {3}×{4} max_client {5}, pool {6}+{7}, max_conn {8} "
      + "→ client {9} server {10} maxPods {11}")
  @CsvSource(delimiter = '|', textBlock = """
      # api|wrk|pool|on  |inst|maxClient|pool|res|maxConn|client|server|maxPods|message contains
       2  | 2 | 10 |true | 2  | 1000    | 20 | 5 | 100   | true | true | 200 | 40 of 2000 client connections
       10 | 50| 10 |true | 2  | 1000    | 20 | 5 | 100   | true | true | 200 | 600 of 2000
       100| 50| 10 |true | 1  | 1000    | 20 | 5 | 100   | false| true | 100 | database.pgbouncer.maxClientConn
       2  | 2 | 10 |true | 4  | 1000    | 20 | 5 | 100   | true | false| 400 | database.maxConnections
       2  | 2 | 10 |true | 2  | 1000    | 35 | 5 | 100   | true | true | 200 | 80 of 80 server connections
       2  | 2 | 10 |true | 2  | 1000    | 36 | 5 | 100   | true | false| 200 | up to 82 server connections (2 × (default_pool_size 36
       2  | 2 | 10 |true | 3  | 10      | 20 | 5 | 100   | false| true | 3   | database.pgbouncer.replicas
       3  | 3 | 10 |false| 0  | 0       | 0  | 0 | 100   | true | true | 8   | 60 of 80 client connections
       5  | 5 | 10 |false| 0  | 0       | 0  | 0 | 100   | false| true | 8   | turn database.pgbouncer.mode on
       0  | 0 | 1  |true | 1  | 1       | 0  | 0 | 10    | true | true | 1   | 0 of 1
      """)
  void inequalitiesAndCeiling(int api, int workers, int pool, boolean on, int instances, int maxClient, int poolSize,
      int reserve, int maxConn, boolean client, boolean server, int maxPods, String message) {
    ConnectionBudget budget = new ConnectionBudget(api, workers, pool, on, instances, maxClient, poolSize, reserve,
        maxConn);
    ConnectionBudget.Result result = budget.evaluate();
    assertThat(result.clientSideHolds()).as("client side").isEqualTo(client);
    assertThat(result.serverSideHolds()).as("server side").isEqualTo(server);
    assertThat(result.holds()).isEqualTo(client && server);
    assertThat(result.maxAppPods()).isEqualTo(maxPods);
    assertThat(result.message()).contains(message);
  }

  /**
   * Session pooling: each app connection holds a server connection, so the apps may open no more than
   * PgBouncer opens (instances × (default_pool_size + reserve)), however high max_client_conn is.
   */
  @ParameterizedTest(name = "api {0} + workers {1} × 10, {2} PgBouncer, pool {3}+5, session {4} → {5}, max pods {6}")
  @CsvSource(delimiter = '|', textBlock = """
      # api|wrk|inst|pool|session|holds|maxPods|message contains
       2  | 2 | 2  | 20 | false  | true | 200 | 40 of 2000 client connections
       2  | 2 | 2  | 20 | true   | true | 5   | 40 of 50 client connections
       3  | 3 | 2  | 20 | true   | false| 5   | in session pooling each holds a server connection
       3  | 3 | 2  | 20 | false  | true | 200 | 60 of 2000 client connections
       10 | 10| 2  | 35 | true   | false| 8   | use database.pgbouncer.poolMode transaction
      """)
  void sessionPoolingLimitsTheAppsToWhatPgBouncerOpens(int api, int workers, int instances, int poolSize,
      boolean session, boolean holds, int maxPods, String message) {
    ConnectionBudget budget = new ConnectionBudget(api, workers, 10, true, instances, 1000, poolSize, 5, 100,
        session);
    ConnectionBudget.Result result = budget.evaluate();
    assertThat(result.holds()).isEqualTo(holds);
    assertThat(result.maxAppPods()).isEqualTo(maxPods);
    assertThat(result.message()).contains(message);
  }

  @ParameterizedTest(name = "current {0}, asks {1}, others {2} → {3}")
  @CsvSource({
      "4, 8, 10, 8",     // room for it
      "4, 30, 10, 20",   // capped at 30 pods in all
      "25, 40, 10, 25",  // already over: never scales down to fit, never up
  })
  void capKeepsScaleUpsInsideTheBudget(int current, int requested, int others, int allowed) {
    ConnectionBudget budget = new ConnectionBudget(current, others, 10, true, 1, 300, 20, 5, 100);
    assertThat(budget.cap(current, requested, others)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"-1, 1, 100", "1, 0, 100", "1, 1, 0"})
  void rejectsNonsense(int api, int pool, int maxConn) {
    assertThatThrownBy(() -> new ConnectionBudget(api, 0, pool, true, 1, 1, 1, 1, maxConn))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
