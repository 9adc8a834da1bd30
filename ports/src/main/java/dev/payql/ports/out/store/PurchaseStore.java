package dev.payql.ports.out.store;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable purchases. Only key digests are stored, never keys. Atomicity lives here: a transition is
 * saved with {@link #compareAndSet} only if nobody saved another one first, which is what makes a
 * key execute once across threads and instances.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the database cannot be reached.
 */
public interface PurchaseStore {

  /**
   * Saves a new purchase; throws {@link DuplicatePurchaseException} if its key digest or its payment
   * hash is stored already, saying which (the key digest when both are).
   */
  void insert(Purchase purchase);

  Optional<Purchase> findByKeyDigest(KeyDigest keyDigest);

  Optional<Purchase> findByPaymentHash(PaymentHash paymentHash);

  /**
   * Replaces the stored purchase with {@code next} if the stored version is still
   * {@code next.version() - 1}. Returns false, changing nothing, if another writer got there first.
   */
  boolean compareAndSet(Purchase next);

  /**
   * Purchases still awaiting payment, ordered by key digest, after {@code after} (exclusive), at
   * most {@code limit}: the reconciliation on start walks them all in batches.
   */
  List<Purchase> findAwaitingPayment(Optional<KeyDigest> after, int limit);

  /**
   * Purchases whose refund is being paid (REFUNDING), ordered by key digest, after {@code after}
   * (exclusive), at most {@code limit}: the refund reconciliation walks them all in batches.
   */
  List<Purchase> findRefunding(Optional<KeyDigest> after, int limit);

  /**
   * Up to {@code limit} purchases the sweeper has work on at {@code now}, those for which
   * {@link Purchase#swept} is not empty: unpaid ones whose invoice lapsed; paid, failed and
   * abandoned ones (executing under a lapsed lease) whose key outlived its lifetime; spent ones
   * whose replay window closed. A refund being paid (REFUNDING) is never swept.
   */
  List<Purchase> findSweepable(Instant now, int limit);

  /**
   * The store's own clock now: one clock every instance sharing this store can agree on (the
   * database server's, for a shared database). Instances judge leases, key lifetimes, replay windows
   * and invoice expiries by it through {@link dev.payql.service.StoreClock}, never by their own wall
   * clocks, which may disagree by more than a lease.
   */
  Instant currentTime();

  /** The last settlement cursor of {@code stream} handled, 0 if none. */
  long settlementCursor(String stream);

  /** Moves the cursor of {@code stream} forward to {@code cursor}; never moves it back. */
  void advanceSettlementCursor(String stream, long cursor);
}
