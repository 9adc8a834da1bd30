package dev.payql.adapter.persistence.store;

import dev.payql.domain.purchase.Purchase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The purchase store's hot path in plain JDBC: the statements every invoice and every redemption
 * runs (insert, find by key digest or payment hash, compare-and-set), each one prepared statement.
 * A read runs on a pooled connection, autocommitted; a write is handed to {@link Writes}, which
 * commits it alone or with the concurrent ones (ADR 0041). JDBI built a handle, an extension and a
 * statement context for each of these calls, a third of all CPU under load (issue #14); the rarer
 * statements stay in {@link PurchaseDao}. The same SQL runs on H2 and PostgreSQL.
 */
final class PurchaseStatements {

  static final String COLUMNS = "key_digest, fingerprint, payment_hash, payment_request, price_msat, price_usd, weight, "
      + "created_at, invoice_expires_at, state, version, paid_at, key_expires_at, lease_expires_at, attempts, "
      + "response_body, replay_until, refund_payment_hash, refund_payment_request, refund_amount_msat, "
      + "refund_requested_at, refund_fee_msat, at_most_once";

  private static final String INSERT = "INSERT INTO purchases (" + COLUMNS + ") "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String BY_KEY_DIGEST = "SELECT " + COLUMNS + " FROM purchases WHERE key_digest = ?";
  private static final String BY_PAYMENT_HASH = "SELECT " + COLUMNS + " FROM purchases WHERE payment_hash = ?";

  /**
   * Every column a transition may change; the WHERE clause says when (13 parameters, then the
   * condition's). {@code at_most_once}, like the sale's other columns, is written once by the insert.
   */
  private static final String UPDATE_TO_ROW = """
      UPDATE purchases
         SET state = ?, paid_at = ?, key_expires_at = ?, lease_expires_at = ?, attempts = ?,
             response_body = ?, replay_until = ?, refund_payment_hash = ?, refund_payment_request = ?,
             refund_amount_msat = ?, refund_requested_at = ?, refund_fee_msat = ?, version = ?
      """;
  /**
   * The compare-and-set: the row changes only while it still holds the version before this one.
   * Both databases re-check the WHERE clause after waiting for a concurrent writer's row lock, so
   * of several racing writers of one version exactly one sees an update count of 1.
   */
  private static final String COMPARE_AND_SET = UPDATE_TO_ROW + " WHERE key_digest = ? AND version = ?";

  private static final PurchaseRowMapper ROWS = new PurchaseRowMapper();

  private final DataSource pool;
  private final Writes writes;
  private final int queryTimeoutSeconds;

  PurchaseStatements(DataSource pool, Writes writes, int queryTimeoutSeconds) {
    this.pool = pool;
    this.writes = writes;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  void insert(PurchaseRow row) throws SQLException {
    writes.run(connection -> insert(connection, row));
  }

  private Void insert(Connection connection, PurchaseRow row) throws SQLException {
    try (PreparedStatement insert = prepare(connection, INSERT)) {
      int i = 0;
      insert.setString(++i, row.keyDigest());
      insert.setString(++i, row.fingerprint());
      insert.setString(++i, row.paymentHash());
      insert.setString(++i, row.paymentRequest());
      insert.setLong(++i, row.priceMsat());
      insert.setBigDecimal(++i, row.priceUsd());
      insert.setLong(++i, row.weight());
      setInstant(insert, ++i, row.createdAt());
      setInstant(insert, ++i, row.invoiceExpiresAt());
      insert.setString(++i, row.state());
      insert.setLong(++i, row.version());
      setInstant(insert, ++i, row.paidAt());
      setInstant(insert, ++i, row.keyExpiresAt());
      setInstant(insert, ++i, row.leaseExpiresAt());
      insert.setInt(++i, row.attempts());
      setBytes(insert, ++i, row.responseBody());
      setInstant(insert, ++i, row.replayUntil());
      insert.setString(++i, row.refundPaymentHash());
      insert.setString(++i, row.refundPaymentRequest());
      setLong(insert, ++i, row.refundAmountMsat());
      setInstant(insert, ++i, row.refundRequestedAt());
      setLong(insert, ++i, row.refundFeeMsat());
      insert.setBoolean(++i, row.atMostOnce());
      insert.executeUpdate();
      return null;
    }
  }

  Optional<Purchase> findByKeyDigest(String keyDigest) throws SQLException {
    return findOne(BY_KEY_DIGEST, keyDigest);
  }

  Optional<Purchase> findByPaymentHash(String paymentHash) throws SQLException {
    return findOne(BY_PAYMENT_HASH, paymentHash);
  }

  /** Writes {@code next} over its previous version; the number of rows changed, 0 or 1. */
  int compareAndSet(PurchaseRow next) throws SQLException {
    return updateIfVersion(next, next.version() - 1);
  }

  /** Puts back a later version the database lost ({@link ReplayingH2Store}), over the one it kept. */
  int restore(PurchaseRow acknowledged, long keptVersion) throws SQLException {
    return updateIfVersion(acknowledged, keptVersion);
  }

  private int updateIfVersion(PurchaseRow row, long expectedVersion) throws SQLException {
    return writes.run(connection -> updateIfVersion(connection, row, expectedVersion));
  }

  private int updateIfVersion(Connection connection, PurchaseRow row, long expectedVersion) throws SQLException {
    try (PreparedStatement update = prepare(connection, COMPARE_AND_SET)) {
      int i = 0;
      update.setString(++i, row.state());
      setInstant(update, ++i, row.paidAt());
      setInstant(update, ++i, row.keyExpiresAt());
      setInstant(update, ++i, row.leaseExpiresAt());
      update.setInt(++i, row.attempts());
      setBytes(update, ++i, row.responseBody());
      setInstant(update, ++i, row.replayUntil());
      update.setString(++i, row.refundPaymentHash());
      update.setString(++i, row.refundPaymentRequest());
      setLong(update, ++i, row.refundAmountMsat());
      setInstant(update, ++i, row.refundRequestedAt());
      setLong(update, ++i, row.refundFeeMsat());
      update.setLong(++i, row.version());
      update.setString(++i, row.keyDigest());
      update.setLong(++i, expectedVersion);
      return update.executeUpdate();
    }
  }

  private Optional<Purchase> findOne(String sql, String key) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement query = prepare(connection, sql)) {
      query.setString(1, key);
      try (ResultSet rows = query.executeQuery()) {
        // the WHERE clause names a unique column: one row or none
        return rows.next() ? Optional.of(ROWS.map(rows, null)) : Optional.empty();
      }
    }
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  /** As {@code InstantArgumentFactory} binds for JDBI: a TIMESTAMP WITH TIME ZONE in UTC. */
  private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static void setBytes(PreparedStatement statement, int index, byte[] value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARBINARY);
    } else {
      statement.setBytes(index, value);
    }
  }
}
