package dev.payql.service;

import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps purchases in step with the node: a stream of settlements while running, and a
 * reconciliation on start for what was paid while no instance was watching. Every instance may run
 * one; recording a payment twice is harmless.
 */
public final class SettlementWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(SettlementWatcher.class.getName());
  private static final int BATCH = 200;
  private static final int STORE_ATTEMPTS = 5;

  private final LightningNode node;
  private final PurchaseStore store;
  private final PaymentRecorder payments;
  private final String stream;
  private final Duration storeRetryDelay;
  private final SettlementCursor cursor;
  private SettlementSubscription subscription;

  /**
   * @param stream the cursor's name in the store, one per node: cursors of different nodes do not
   *     compare
   */
  public SettlementWatcher(LightningNode node, PurchaseStore store, PaymentRecorder payments, String stream,
      Duration storeRetryDelay) {
    this.node = Objects.requireNonNull(node, "node");
    this.store = Objects.requireNonNull(store, "store");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.storeRetryDelay = Objects.requireNonNull(storeRetryDelay, "storeRetryDelay");
    this.cursor = new SettlementCursor(store, stream);
  }

  /** Starts following the node's settlements from the last cursor this store recorded. */
  public synchronized void start() {
    if (subscription != null) {
      throw new IllegalStateException("already watching");
    }
    subscription = node.subscribeSettlements(store.settlementCursor(stream), this::onSettlement);
  }

  /**
   * Asks the node about every purchase still awaiting payment. Returns how many turned out paid.
   * Stops early, logging, if the node is unreachable: the stream and the redeem path cover the rest.
   */
  public int reconcile() {
    int paid = 0;
    Optional<KeyDigest> after = Optional.empty();
    try {
      List<Purchase> batch;
      do {
        batch = store.findAwaitingPayment(after, BATCH);
        for (Purchase purchase : batch) {
          if (!PaymentRecorder.isUnpaid(payments.refresh(purchase))) {
            paid++;
          }
        }
        after = batch.isEmpty() ? after : Optional.of(batch.getLast().keyDigest());
      } while (batch.size() == BATCH);
    } catch (NodeUnavailableException e) {
      LOG.log(Level.WARNING, "reconciliation stopped, the node is unreachable: {0}", e.getMessage());
    }
    LOG.log(Level.INFO, "reconciliation found {0} purchase(s) paid while PayQL was not watching", paid);
    return paid;
  }

  void onSettlement(Settlement settlement) {
    for (int attempt = 1; ; attempt++) {
      try {
        payments.recordSettlement(settlement.paymentHash(), settlement.settledAt());
        cursor.advanceTo(settlement.cursor());
        return;
      } catch (RuntimeException e) {
        if (attempt >= STORE_ATTEMPTS) {
          // not lost: the redeem path and the next reconciliation ask the node again
          LOG.log(Level.ERROR, "could not record settlement of {0}: {1}", settlement.paymentHash(), e.toString());
          return;
        }
        sleep(storeRetryDelay.multipliedBy(attempt));
      }
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    cursor.flush();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
