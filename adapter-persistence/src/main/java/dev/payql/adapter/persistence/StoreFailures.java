package dev.payql.adapter.persistence;

import dev.payql.ports.out.store.DuplicatePurchaseException;
import dev.payql.ports.out.store.StoreUnavailableException;
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
 * module: unreachable, timed out or overloaded is {@link StoreUnavailableException} (the caller
 * answers 503 and retries later); anything else is a bug and becomes an {@link IllegalStateException}.
 */
public final class StoreFailures {

  /** SQLSTATE 23505, unique_violation: the same on H2 and PostgreSQL. */
  static final String UNIQUE_VIOLATION = "23505";

  /**
   * SQLSTATE values that mean "try again later": class 08 (connection exception) by prefix, and
   * PostgreSQL's admin/crash shutdown, cannot connect now, too many connections, statement
   * timeout, serialization failure and deadlock.
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "57014", "40001", "40P01", "HYT00");

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
    if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
      return true;
    }
    if (dialect.isUnavailable(e)) {
      return true;
    }
    // a pool that was closed (shutdown in progress) says so only in its message
    String text = e.getMessage();
    return state == null && text != null && text.contains("has been closed");
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
