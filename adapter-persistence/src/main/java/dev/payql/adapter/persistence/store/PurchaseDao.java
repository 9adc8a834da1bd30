package dev.payql.adapter.persistence.store;

import dev.payql.domain.purchase.Purchase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of the purchase store, one statement per method; the same text runs on H2 and PostgreSQL. */
@RegisterRowMapper(PurchaseRowMapper.class)
interface PurchaseDao {

  String COLUMNS = "key_digest, fingerprint, payment_hash, payment_request, price_msat, price_usd, weight, "
      + "created_at, invoice_expires_at, state, version, paid_at, key_expires_at, lease_expires_at, attempts, "
      + "response_body, replay_until, refund_payment_hash, refund_payment_request, refund_amount_msat, "
      + "refund_requested_at, refund_fee_msat";

  @SqlUpdate("""
      INSERT INTO purchases (key_digest, fingerprint, payment_hash, payment_request, price_msat, price_usd,
                             weight, created_at, invoice_expires_at, state, version, paid_at, key_expires_at,
                             lease_expires_at, attempts, response_body, replay_until, refund_payment_hash,
                             refund_payment_request, refund_amount_msat, refund_requested_at, refund_fee_msat)
      VALUES (:keyDigest, :fingerprint, :paymentHash, :paymentRequest, :priceMsat, :priceUsd,
              :weight, :createdAt, :invoiceExpiresAt, :state, :version, :paidAt, :keyExpiresAt,
              :leaseExpiresAt, :attempts, :responseBody, :replayUntil, :refundPaymentHash,
              :refundPaymentRequest, :refundAmountMsat, :refundRequestedAt, :refundFeeMsat)
      """)
  void insert(@BindMethods PurchaseRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE key_digest = :keyDigest")
  Optional<Purchase> findByKeyDigest(@Bind("keyDigest") String keyDigest);

  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE payment_hash = :paymentHash")
  Optional<Purchase> findByPaymentHash(@Bind("paymentHash") String paymentHash);

  /**
   * The compare-and-set: the row changes only while it still holds the version before this one.
   * Both databases re-check the WHERE clause after waiting for a concurrent writer's row lock, so
   * of several racing writers of one version exactly one sees an update count of 1.
   */
  @SqlUpdate(UPDATE_TO_ROW + " WHERE key_digest = :keyDigest AND version = :version - 1")
  int compareAndSet(@BindMethods PurchaseRow next);

  /** Every column a transition may change, set to the bound row's; the WHERE clause says when. */
  String UPDATE_TO_ROW = """
      UPDATE purchases
         SET state = :state, paid_at = :paidAt, key_expires_at = :keyExpiresAt,
             lease_expires_at = :leaseExpiresAt, attempts = :attempts,
             response_body = :responseBody, replay_until = :replayUntil,
             refund_payment_hash = :refundPaymentHash, refund_payment_request = :refundPaymentRequest,
             refund_amount_msat = :refundAmountMsat, refund_requested_at = :refundRequestedAt,
             refund_fee_msat = :refundFeeMsat,
             version = :version
      """;

  /** Puts back a later version the database lost ({@link ReplayingH2Store}), over the one it kept. */
  @SqlUpdate(UPDATE_TO_ROW + " WHERE key_digest = :keyDigest AND version = :keptVersion")
  int restore(@BindMethods PurchaseRow acknowledged, @Bind("keptVersion") long keptVersion);

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

  /** Keys that could still execute (Purchase.hasOutlivedKey) past their lifetime: unused or failed. */
  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state IN ('PAID', 'FAILED') AND key_expires_at <= :now "
      + "ORDER BY key_expires_at LIMIT :limit")
  List<Purchase> findLapsedKeys(@Bind("now") Instant now, @Bind("limit") int limit);

  /** The same for keys whose executor died: executing under a lease that lapsed as well. */
  @SqlQuery("SELECT " + COLUMNS + " FROM purchases WHERE state = 'EXECUTING' AND key_expires_at <= :now "
      + "AND lease_expires_at <= :now ORDER BY key_expires_at LIMIT :limit")
  List<Purchase> findAbandonedLapsedKeys(@Bind("now") Instant now, @Bind("limit") int limit);

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
