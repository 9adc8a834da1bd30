package dev.payql.adapter.persistence.store;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.DuplicatePurchaseException;
import dev.payql.ports.out.store.PurchaseStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The purchase store: H2 or PostgreSQL, the same SQL. Atomicity is the database's: a transition is
 * one conditional UPDATE on the row's version, a new purchase one INSERT guarded by unique
 * constraints on key digest and payment hash. What every invoice and redemption runs is plain JDBC
 * ({@link PurchaseStatements}); the rest goes through JDBI.
 */
public final class JdbiPurchaseStore implements PurchaseStore {

  /** Longest stream name the cursor table holds. */
  static final int MAX_STREAM_LENGTH = 100;

  private final Jdbi jdbi;
  private final PurchaseStatements statements;
  private final StoreFailures failures;

  /**
   * @param pool the connections behind {@code jdbi}, for the hot path's plain statements
   * @param writes how the hot path's inserts and compare-and-sets are committed, on {@code pool}
   * @param queryTimeoutSeconds the deadline of each of those statements, as JDBI's are configured
   */
  public JdbiPurchaseStore(Jdbi jdbi, DataSource pool, Writes writes, int queryTimeoutSeconds,
      StoreFailures failures) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.statements = new PurchaseStatements(Objects.requireNonNull(pool, "pool"),
        Objects.requireNonNull(writes, "writes"), queryTimeoutSeconds);
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  /** A statement of the hot path, whose SQL failures are the port's exceptions like JDBI's. */
  @FunctionalInterface
  private interface Statement<T> {
    T run() throws SQLException;
  }

  private <T> T jdbc(Statement<T> statement) {
    try {
      return statement.run();
    } catch (SQLException e) {
      throw failures.translate(new FailedStatement(e));
    }
  }

  /** A failed plain statement, wrapped so that it is translated like a failed JDBI one (by its cause). */
  private static final class FailedStatement extends RuntimeException {
    FailedStatement(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public void insert(Purchase purchase) {
    PurchaseRow row = PurchaseRow.of(purchase);
    try {
      statements.insert(row);
    } catch (SQLException e) {
      FailedStatement failed = new FailedStatement(e);
      if (StoreFailures.isUniqueViolation(failed)) {
        throw duplicate(purchase, failed);
      }
      throw failures.translate(failed);
    }
  }

  /**
   * Which constraint the insert violated, asked of the data rather than read from the driver's
   * message (whose wording and constraint names differ between H2 and PostgreSQL). A conflicting row
   * is never deleted, so it is still there to be found.
   */
  private DuplicatePurchaseException duplicate(Purchase purchase, RuntimeException violation) {
    boolean sameKey = findByKeyDigest(purchase.keyDigest()).isPresent();
    return sameKey
        ? new DuplicatePurchaseException("a purchase with key digest " + purchase.keyDigest().shortForm()
            + "… is stored already", DuplicatePurchaseException.Conflict.KEY_DIGEST, violation)
        : new DuplicatePurchaseException("a purchase with payment hash " + purchase.paymentHash()
            + " is stored already", DuplicatePurchaseException.Conflict.PAYMENT_HASH, violation);
  }

  @Override
  public Optional<Purchase> findByKeyDigest(KeyDigest keyDigest) {
    String hex = keyDigest.hex();
    return jdbc(() -> statements.findByKeyDigest(hex));
  }

  @Override
  public Optional<Purchase> findByPaymentHash(PaymentHash paymentHash) {
    String hex = paymentHash.hex();
    return jdbc(() -> statements.findByPaymentHash(hex));
  }

  @Override
  public boolean compareAndSet(Purchase next) {
    if (next.version() < 1) {
      return false; // version 0 is only ever inserted; there is no earlier version to replace
    }
    PurchaseRow row = PurchaseRow.of(next);
    return jdbc(() -> statements.compareAndSet(row)) == 1;
  }

  /**
   * Replaces the stored version {@code keptVersion} of {@code acknowledged}'s purchase by
   * {@code acknowledged}, a later version the database had confirmed and then lost; false if the
   * row holds another version now.
   */
  boolean restore(Purchase acknowledged, long keptVersion) {
    PurchaseRow row = PurchaseRow.of(acknowledged);
    return jdbc(() -> statements.restore(row, keptVersion)) == 1;
  }

  @Override
  public List<Purchase> findAwaitingPayment(Optional<KeyDigest> after, int limit) {
    requirePositive(limit);
    return failures.translate(() -> jdbi.withExtension(PurchaseDao.class, dao -> after
        .map(digest -> dao.findAwaitingPaymentAfter(digest.hex(), limit))
        .orElseGet(() -> dao.findAwaitingPayment(limit))));
  }

  @Override
  public List<Purchase> findRefunding(Optional<KeyDigest> after, int limit) {
    requirePositive(limit);
    return failures.translate(() -> jdbi.withExtension(PurchaseDao.class, dao -> after
        .map(digest -> dao.findRefundingAfter(digest.hex(), limit))
        .orElseGet(() -> dao.findRefunding(limit))));
  }

  /**
   * Four indexed range queries, one per kind of work, filling the batch in turn; their conditions
   * are {@link Purchase#swept}'s. Every instance may get the same rows: the sweeper's
   * compare-and-set decides who changes each one.
   */
  @Override
  public List<Purchase> findSweepable(Instant now, int limit) {
    requirePositive(limit);
    Objects.requireNonNull(now, "now");
    return failures.translate(() -> jdbi.withExtension(PurchaseDao.class, dao -> {
      List<Purchase> due = new ArrayList<>(dao.findLapsedInvoices(now, limit));
      if (due.size() < limit) {
        due.addAll(dao.findLapsedKeys(now, limit - due.size()));
      }
      if (due.size() < limit) {
        due.addAll(dao.findAbandonedLapsedKeys(now, limit - due.size()));
      }
      if (due.size() < limit) {
        due.addAll(dao.findAbandonedAtMostOnce(now, limit - due.size()));
      }
      if (due.size() < limit) {
        due.addAll(dao.findClosedReplayWindows(now, limit - due.size()));
      }
      return due;
    }));
  }

  @Override
  public Instant currentTime() {
    return failures.translate(() -> jdbi.withExtension(PurchaseDao.class, PurchaseDao::currentTime)).toInstant();
  }

  @Override
  public long settlementCursor(String stream) {
    requireStream(stream);
    return failures.translate(() -> jdbi.withExtension(PurchaseDao.class, dao -> dao.settlementCursor(stream)))
        .orElse(0L);
  }

  /**
   * Raise-if-lower, else insert; an insert that finds the row (created meanwhile by another
   * instance, or there all along) raises it instead. Rows are never deleted and only ever grow,
   * so once the row exists one conditional UPDATE settles it. Each statement commits on its own,
   * which PostgreSQL needs: a failed statement would spoil the rest of a transaction.
   */
  @Override
  public void advanceSettlementCursor(String stream, long cursor) {
    requireStream(stream);
    if (cursor < 0) {
      throw new IllegalArgumentException("a settlement cursor cannot be negative: " + cursor);
    }
    failures.run(() -> jdbi.useExtension(PurchaseDao.class, dao -> {
      if (dao.raiseSettlementCursor(stream, cursor) == 1) {
        return;
      }
      // no row, or a row at or past this cursor: only the insert can tell which without racing
      try {
        dao.insertSettlementCursor(stream, cursor);
      } catch (JdbiException e) {
        if (!StoreFailures.isUniqueViolation(e)) {
          throw e;
        }
        dao.raiseSettlementCursor(stream, cursor);
      }
    }));
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
  }

  private static void requireStream(String stream) {
    Objects.requireNonNull(stream, "stream");
    if (stream.isBlank() || stream.length() > MAX_STREAM_LENGTH) {
      throw new IllegalArgumentException("a settlement stream is named by 1 to " + MAX_STREAM_LENGTH + " characters");
    }
  }
}
