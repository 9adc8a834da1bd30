package dev.payql.adapter.persistence.store;

import dev.payql.domain.purchase.Purchase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The purchase store's rarer SQL (sweeps, reconciliation walks, cursors, the clock), one statement per
 * method; the hot path is {@link PurchaseStatements}. The same text runs on H2 and PostgreSQL.
 */
@RegisterRowMapper(PurchaseRowMapper.class)
interface PurchaseDao {

  String COLUMNS = PurchaseStatements.COLUMNS;

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'AWAITING_PAYMENT' ORDER BY key_digest LIMIT :limit")
  List<Purchase> findAwaitingPayment(@Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'AWAITING_PAYMENT' AND key_digest > :after "
      + "ORDER BY key_digest LIMIT :limit")
  List<Purchase> findAwaitingPaymentAfter(@Bind("after") String after, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'REFUNDING' ORDER BY key_digest LIMIT :limit")
  List<Purchase> findRefunding(@Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'REFUNDING' AND key_digest > :after "
      + "ORDER BY key_digest LIMIT :limit")
  List<Purchase> findRefundingAfter(@Bind("after") String after, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'AWAITING_PAYMENT' AND invoice_expires_at <= :now "
      + "ORDER BY invoice_expires_at LIMIT :limit")
  List<Purchase> findLapsedInvoices(@Bind("now") Instant now, @Bind("limit") int limit);

  /**
   * Keys that could still execute or be refunded (Purchase.hasOutlivedKey) past their lifetime: unused,
   * failed, or of unknown outcome.
   */
  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state IN ('PAID', 'FAILED', 'OUTCOME_UNKNOWN') "
      + "AND key_expires_at <= :now "
      + "ORDER BY key_expires_at LIMIT :limit")
  List<Purchase> findLapsedKeys(@Bind("now") Instant now, @Bind("limit") int limit);

  /** The same for keys whose executor died: executing under a lease that lapsed as well. */
  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'EXECUTING' AND key_expires_at <= :now "
      + "AND lease_expires_at <= :now ORDER BY key_expires_at LIMIT :limit")
  List<Purchase> findAbandonedLapsedKeys(@Bind("now") Instant now, @Bind("limit") int limit);

  /**
   * Executions of requests sold at most once whose executor died (Purchase.isAbandoned) inside the
   * key lifetime: recorded as of unknown outcome (ADR 0033). Past the lifetime the query above has them.
   */
  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'EXECUTING' AND at_most_once = TRUE "
      + "AND lease_expires_at <= :now AND key_expires_at > :now ORDER BY lease_expires_at LIMIT :limit")
  List<Purchase> findAbandonedAtMostOnce(@Bind("now") Instant now, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'SPENT' AND replay_until <= :now "
      + "ORDER BY replay_until LIMIT :limit")
  List<Purchase> findClosedReplayWindows(@Bind("now") Instant now, @Bind("limit") int limit);

  /** The database server's clock; in an autocommitted statement both databases read it now. */
  @SqlQuery("SELECT CURRENT_TIMESTAMP")
  OffsetDateTime currentTime();

  @SqlQuery("SELECT last_cursor FROM settlement_cursors WHERE stream = :stream")
  Optional<Long> settlementCursor(@Bind("stream") String stream);

  @SqlUpdate("UPDATE settlement_cursors SET last_cursor = :cursor WHERE stream = :stream AND last_cursor < :cursor")
  int raiseSettlementCursor(@Bind("stream") String stream, @Bind("cursor") long cursor);

  @SqlUpdate("INSERT INTO settlement_cursors (stream, last_cursor) VALUES (:stream, :cursor)")
  void insertSettlementCursor(@Bind("stream") String stream, @Bind("cursor") long cursor);
}
