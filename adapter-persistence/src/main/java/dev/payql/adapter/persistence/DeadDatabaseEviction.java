package dev.payql.adapter.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Empties the pool when a failure says the database behind every pooled connection is gone, so the
 * store recovers by itself once the cause is: the next connections open the database afresh.
 *
 * <p>H2 closes its database at the first write that fails (a full disk, an I/O error), and every
 * session of it answers "the database has been closed" from then on, while H2 still reports those
 * connections as valid, so HikariCP would keep handing them out until PayQL was restarted. A new
 * connection reopens the database from its file once the old one is closed. On PostgreSQL, a
 * server that takes no writes (a standby, or a primary that a failover demoted) is dropped the same
 * way, so the pool reconnects to wherever the database's address now points. The failures HikariCP
 * already recognises (lost connections, shutdowns) it handles itself, one connection at a time.
 */
final class DeadDatabaseEviction implements SQLExceptionOverride {

  private final StoreFailures failures;
  private volatile HikariDataSource pool;
  private volatile Runnable onDatabaseGone = () -> { };

  DeadDatabaseEviction(StoreFailures failures) {
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  /** Told, before the pool empties, that its database is gone and will be opened afresh. */
  void onDatabaseGone(Runnable listener) {
    this.onDatabaseGone = Objects.requireNonNull(listener, "listener");
  }

  /** The pool to empty; known only once HikariCP has built it with this override. */
  void watch(HikariDataSource dataSource) {
    this.pool = dataSource;
  }

  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException failure) {
    if (!failures.isDatabaseGone(failure)) {
      return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
    onDatabaseGone.run();
    HikariDataSource watched = pool;
    HikariPoolMXBean connections = watched == null ? null : watched.getHikariPoolMXBean();
    if (connections != null) {
      // idle connections close now, connections in use as they come back: all hold the dead database
      connections.softEvictConnections();
    }
    return SQLExceptionOverride.Override.MUST_EVICT;
  }
}
