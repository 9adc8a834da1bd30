package dev.payql.service;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the node knows about payments into purchase state. Used by the settlement stream, by
 * the reconciliation on start and by every request that finds a purchase still unpaid, so a
 * settlement missed by the stream is still honoured the moment the buyer comes back.
 *
 * <p>Idempotent: recording the same settlement twice, from one instance or many, changes nothing
 * the second time.
 */
public final class PaymentRecorder {

  /** Compare-and-set attempts before giving up; each failure means another writer moved it on. */
  private static final int MAX_ATTEMPTS = 8;

  private final PurchaseStore store;
  private final LightningNode node;
  private final RedemptionPolicy policy;
  private final PaymentSignals signals;

  /** With signals of its own: nobody in this process waits on payments. */
  public PaymentRecorder(PurchaseStore store, LightningNode node, RedemptionPolicy policy) {
    this(store, node, policy, new PaymentSignals());
  }

  /** @param signals told of every payment recorded here, for the long polls waiting on one */
  public PaymentRecorder(PurchaseStore store, LightningNode node, RedemptionPolicy policy, PaymentSignals signals) {
    this.store = Objects.requireNonNull(store, "store");
    this.node = Objects.requireNonNull(node, "node");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.signals = Objects.requireNonNull(signals, "signals");
  }

  public PaymentSignals signals() {
    return signals;
  }

  /** Records a settlement the node reported; a hash PayQL never sold is ignored. */
  public Optional<Purchase> recordSettlement(PaymentHash paymentHash, Instant settledAt) {
    return store.findByPaymentHash(paymentHash).map(purchase -> markPaid(purchase, settledAt));
  }

  /**
   * Asks the node about a purchase the store still holds unpaid and records the payment if the node
   * has it settled. Returns the purchase as stored afterwards.
   */
  public Purchase refresh(Purchase purchase) {
    if (!isUnpaid(purchase)) {
      return purchase;
    }
    Optional<Invoice> invoice = node.lookupInvoice(purchase.paymentHash());
    if (invoice.isEmpty() || !invoice.get().isSettled()) {
      return purchase;
    }
    return markPaid(purchase, invoice.get().settledAt().orElseThrow());
  }

  static boolean isUnpaid(Purchase purchase) {
    return purchase.state() == PurchaseState.AWAITING_PAYMENT
        || (purchase.state() == PurchaseState.EXPIRED && purchase.paidAt().isEmpty());
  }

  private Purchase markPaid(Purchase purchase, Instant settledAt) {
    Purchase current = purchase;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Purchase> paid = current.markPaid(settledAt, policy.keyLifetime());
      if (paid.isEmpty() || store.compareAndSet(paid.get())) {
        signals.paid(current.keyDigest());
        return paid.orElse(current);
      }
      current = store.findByKeyDigest(current.keyDigest()).orElseThrow();
    }
    // every loss means another writer moved the purchase on: the store is too busy to record this
    // now, which is transient (503, retry); the settlement is not lost, the node still has it
    throw new StoreUnavailableException("purchase " + purchase.keyDigest().shortForm()
        + " kept changing while recording its payment (" + MAX_ATTEMPTS + " compare-and-sets lost)", null);
  }
}
