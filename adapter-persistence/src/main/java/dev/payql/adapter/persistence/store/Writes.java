package dev.payql.adapter.persistence.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How the purchase store's writes reach the database and are made durable: each in a transaction
 * of its own ({@link #eachAlone}), or many concurrent ones in one ({@link GroupCommit}). Either way
 * {@link #run} returns only once its write is committed, and a write's result is the one it had in
 * the transaction that committed.
 */
public sealed interface Writes extends AutoCloseable permits Writes.EachAlone, GroupCommit {

  /** One write: statements on {@code connection}, which the caller of {@link #run} never commits. */
  @FunctionalInterface
  interface Write<T> {
    T applyTo(Connection connection) throws SQLException;
  }

  /** Runs {@code write} and returns its result once it is durable, or throws what it or its commit threw. */
  <T> T run(Write<T> write) throws SQLException;

  /** Takes no more writes; those already taken are finished first. */
  @Override
  void close();

  /** Every write in its own autocommitted transaction on a pooled connection. */
  static Writes eachAlone(DataSource pool) {
    return new EachAlone(pool);
  }

  /** What PostgreSQL needs: concurrent transactions there already share their WAL flushes (ADR 0041). */
  record EachAlone(DataSource pool) implements Writes {

    @Override
    public <T> T run(Write<T> write) throws SQLException {
      try (Connection connection = pool.getConnection()) {
        return write.applyTo(connection);
      }
    }

    @Override
    public void close() {
      // nothing of its own: the pool is closed by its owner
    }
  }
}
