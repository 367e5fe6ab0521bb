package io.appstack.operator.scaling.datatier;

import java.util.ArrayList;
import java.util.List;

/**
 * The database connection budget (DESIGN.md §3), checked before every scale-up and on every spec change:
 *
 * <pre>
 *   (API pods + worker pods) × pool size per pod  ≤  max_client_conn × PgBouncer instances      (client side)
 *   PgBouncer instances × (default_pool_size + reserve)  ≤  80% of max_connections               (server side)
 * </pre>
 *
 * The server side holds for the primary and for each read replica (same max_connections). Without
 * PgBouncer the apps connect straight to PostgreSQL and their connections must stay within 80% of
 * max_connections. In session pooling PgBouncer multiplexes nothing: each app connection holds a server
 * connection for as long as it is open (app pools keep theirs open), so the apps may open no more than PgBouncer
 * opens to the server, {@code instances × (default_pool_size + reserve)}. Pure arithmetic: no Kubernetes, no I/O.
 */
public record ConnectionBudget(
    int apiPods,
    int workerPods,
    int poolSizePerPod,
    boolean pgbouncer,
    int pgbouncerInstances,
    int maxClientConn,
    int defaultPoolSize,
    int reservePoolSize,
    int maxConnections,
    boolean sessionPooling) {

  /** Transaction (or statement) pooling: PgBouncer multiplexes the apps' connections. */
  public ConnectionBudget(int apiPods, int workerPods, int poolSizePerPod, boolean pgbouncer, int pgbouncerInstances,
      int maxClientConn, int defaultPoolSize, int reservePoolSize, int maxConnections) {
    this(apiPods, workerPods, poolSizePerPod, pgbouncer, pgbouncerInstances, maxClientConn, defaultPoolSize,
        reservePoolSize, maxConnections, false);
  }

  /** Share of max_connections the pooler (or the apps) may use; the rest is for admins and replication. */
  public static final int SERVER_SHARE_PERCENT = 80;

  public ConnectionBudget {
    if (apiPods < 0 || workerPods < 0 || poolSizePerPod < 1 || maxConnections < 1 || pgbouncerInstances < 0
        || maxClientConn < 0 || defaultPoolSize < 0 || reservePoolSize < 0) {
      throw new IllegalArgumentException("connection budget inputs must be non-negative (pool size and "
          + "max_connections at least 1)");
    }
  }

  /** The outcome: whether each inequality holds, the most app pods allowed, and what to raise. */
  public record Result(
      boolean clientSideHolds,
      boolean serverSideHolds,
      int appConnections,
      int clientCapacity,
      int serverConnections,
      int serverLimit,
      int maxAppPods,
      String message) {

    public boolean holds() {
      return clientSideHolds && serverSideHolds;
    }
  }

  /** 80% of max_connections, rounded down. */
  public int serverLimit() {
    return maxConnections * SERVER_SHARE_PERCENT / 100;
  }

  /** Connections the app pods open. */
  public int appConnections() {
    return (apiPods + workerPods) * poolSizePerPod;
  }

  /**
   * Connections the apps may open: PgBouncer's client capacity (in session pooling no more than the server
   * connections it opens), or the server share without PgBouncer.
   */
  public int clientCapacity() {
    if (!pgbouncer) {
      return serverLimit();
    }
    int clients = maxClientConn * pgbouncerInstances;
    return sessionPooling ? Math.min(clients, serverConnections()) : clients;
  }

  /** Server connections PgBouncer opens at most (per database: the primary, or each replica for the read pool). */
  public int serverConnections() {
    return pgbouncer ? pgbouncerInstances * (defaultPoolSize + reservePoolSize) : appConnections();
  }

  /** Most API + worker pods, all together, the client side allows. */
  public int maxAppPods() {
    return clientCapacity() / poolSizePerPod;
  }

  /**
   * The most pods a component may go to when it asks for {@code requested} while the others run
   * {@code otherPods}: the request, capped by the budget, never below {@code current}.
   */
  public int cap(int current, int requested, int otherPods) {
    int allowed = maxAppPods() - otherPods;
    return Math.max(current, Math.min(requested, allowed));
  }

  public Result evaluate() {
    int app = appConnections();
    int capacity = clientCapacity();
    int server = serverConnections();
    int limit = serverLimit();
    boolean client = app <= capacity;
    boolean serverOk = !pgbouncer || server <= limit;
    List<String> problems = new ArrayList<>();
    if (!client) {
      if (pgbouncer && sessionPooling && serverConnections() < maxClientConn * pgbouncerInstances) {
        problems.add(String.format("apps open %d connections (%d pods × %d) but in session pooling each holds a "
            + "server connection, and PgBouncer opens at most %d (%d × (default_pool_size %d + reserve %d)): use "
            + "database.pgbouncer.poolMode transaction, raise database.pgbouncer.defaultPoolSize or replicas "
            + "(within max_connections), or lower database.poolSizePerPod", app, apiPods + workerPods,
            poolSizePerPod, capacity, pgbouncerInstances, defaultPoolSize, reservePoolSize));
      } else if (pgbouncer) {
        problems.add(String.format("apps open %d connections (%d pods × %d) but PgBouncer accepts %d "
            + "(%d × max_client_conn %d): raise database.pgbouncer.maxClientConn or database.pgbouncer.replicas, "
            + "or lower database.poolSizePerPod", app, apiPods + workerPods, poolSizePerPod, capacity,
            pgbouncerInstances, maxClientConn));
      } else {
        problems.add(String.format("apps open %d connections (%d pods × %d) straight to PostgreSQL, over "
            + "%d%% of max_connections %d (%d): turn database.pgbouncer.mode on or raise database.maxConnections",
            app, apiPods + workerPods, poolSizePerPod, SERVER_SHARE_PERCENT, maxConnections, limit));
      }
    }
    if (!serverOk) {
      problems.add(String.format("PgBouncer opens up to %d server connections (%d × (default_pool_size %d + "
          + "reserve %d)), over %d%% of max_connections %d (%d): raise database.maxConnections or lower "
          + "database.pgbouncer.defaultPoolSize, reservePoolSize or replicas", server, pgbouncerInstances,
          defaultPoolSize, reservePoolSize, SERVER_SHARE_PERCENT, maxConnections, limit));
    }
    String message = problems.isEmpty()
        ? String.format("%d of %d client connections used; %d of %d server connections (%d%% of max_connections %d)",
            app, capacity, server, limit, SERVER_SHARE_PERCENT, maxConnections)
        : String.join("; ", problems);
    return new Result(client, serverOk, app, capacity, server, limit, maxAppPods(), message);
  }
}
