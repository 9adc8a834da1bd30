package dev.payql.adapter.persistence;

import dev.payql.ports.out.store.DuplicatePurchaseException;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns JDBC and JDBI failures into the port's exceptions, so no driver type ever leaves this
 * module: a database that cannot serve now (unreachable, timed out, overloaded, out of disk, read
 * only, shutting down, corrupted) is {@link StoreUnavailableException}, the caller answers 503 and
 * retries later; what remains (syntax, data, constraint errors of PayQL's own SQL) is a bug and
 * becomes an {@link IllegalStateException}.
 */
public final class StoreFailures {

  /** SQLSTATE 23505, unique_violation: the same on H2 and PostgreSQL. */
  static final String UNIQUE_VIOLATION = "23505";

  /**
   * SQLSTATE classes (the first two characters) that mean the database cannot serve now, whatever
   * the statement: 08 connection exception, 40 transaction rollback (serialization failure,
   * deadlock), 53 insufficient resources (disk full, out of memory, too many connections), 57
   * operator intervention (shutdown, restart, cancel, time-outs), 58 system error (I/O), XX
   * internal error (the database's own files corrupted). Both drivers use these standard classes.
   */
  private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "40", "53", "57", "58", "XX");

  /**
   * Single SQLSTATE values of other classes that mean the same: read-only transaction (a standby,
   * or a primary that a failover demoted), lock not available (an operator's {@code lock_timeout}),
   * object in use, and the JDBC time-outs.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("25006", "55P03", "55006", "HYT00", "HYT01");

  /** SQLSTATE 25006: the server takes no writes. */
  private static final String READ_ONLY_TRANSACTION = "25006";

  private final Dialect dialect;

  public StoreFailures(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** Runs {@code work}, translating its failures. */
  public <T> T translate(Supplier<T> work) {
    try {
      return work.get();
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  public void run(Runnable work) {
    translate(() -> {
      work.run();
      return null;
    });
  }

  /** The port exception for {@code failure}. */
  public RuntimeException translate(RuntimeException failure) {
    if (failure instanceof StoreUnavailableException || failure instanceof DuplicatePurchaseException) {
      return failure;
    }
    SQLException sql = sqlCause(failure);
    if (failure instanceof ConnectionException || (sql != null && isUnavailable(sql))) {
      return new StoreUnavailableException("the store is unreachable or busy: " + message(failure), failure);
    }
    return new IllegalStateException("the store failed: " + message(failure), failure);
  }

  /** Whether {@code failure} is a violated unique constraint. */
  public static boolean isUniqueViolation(RuntimeException failure) {
    SQLException sql = sqlCause(failure);
    return sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState());
  }

  boolean isUnavailable(SQLException e) {
    // Hikari reports a connection it could not hand out in time as SQLTransientConnectionException
    if (e instanceof SQLTransientException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null && state.length() == 5
        && (UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || UNAVAILABLE_STATES.contains(state))) {
      return true;
    }
    if (dialect.isUnavailable(e) || causedByStorage(e)) {
      return true;
    }
    // a pool that was closed (shutdown in progress) says so only in its message
    String text = e.getMessage();
    return state == null && text != null && text.contains("has been closed");
  }

  /**
   * Whether {@code e} says that the database behind every connection of the pool is gone, not just
   * this connection or this statement: the pool then starts over ({@link DeadDatabaseEviction}).
   */
  boolean isDatabaseGone(SQLException e) {
    return dialect.isGone(e) || causedByStorage(e) || READ_ONLY_TRANSACTION.equals(e.getSQLState());
  }

  /**
   * Whether the database's own storage failed under {@code e}: H2 reports a file it cannot write
   * (disk full, a file system remounted read-only, an I/O error) as a general error, code 50000,
   * with the {@link IOException} as a cause.
   */
  private static boolean causedByStorage(SQLException e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static SQLException sqlCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable failure) {
    SQLException sql = sqlCause(failure);
    Throwable shown = sql != null ? sql : failure;
    return shown.getClass().getSimpleName() + ": " + shown.getMessage();
  }
}
