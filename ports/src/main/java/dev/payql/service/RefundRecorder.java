package dev.payql.service;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the node says of a refund payment into purchase state: the one place a refund ends,
 * whether the answer comes to the refund request itself or to the reconciliation later. A success
 * ends the purchase REFUNDED, a definite failure makes it FAILED (refundable) again, and a payment
 * still pending leaves it REFUNDING.
 *
 * <p>Idempotent across writers: if another instance recorded this refund's outcome first, that
 * outcome stands and is returned.
 */
final class RefundRecorder {

  private static final System.Logger LOG = System.getLogger(RefundRecorder.class.getName());
  /** Compare-and-set attempts before giving up; each failure means another writer moved it on. */
  private static final int MAX_ATTEMPTS = 8;

  private final PurchaseStore store;

  RefundRecorder(PurchaseStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Records {@code outcome} for the refund {@code refunding} carries; returns the purchase as stored afterwards. */
  Purchase record(Purchase refunding, PaymentOutcome outcome) {
    Refund refund = refunding.refund().orElseThrow(
        () -> new IllegalArgumentException("purchase " + refunding.keyDigest().shortForm() + " has no refund"));
    Purchase current = refunding;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!isBeingPaid(current, refund)) {
        return current; // recorded by another writer, or never this refund's
      }
      Optional<Purchase> next = switch (outcome) {
        case PaymentOutcome.Succeeded paid -> Optional.of(current.refundPaid(paid.fee()));
        case PaymentOutcome.Failed failed -> Optional.of(current.refundFailed());
        case PaymentOutcome.Pending pending -> Optional.empty();
      };
      if (next.isEmpty()) {
        return current;
      }
      if (store.compareAndSet(next.get())) {
        log(next.get(), refund, outcome);
        return next.get();
      }
      current = store.findByKeyDigest(current.keyDigest()).orElseThrow();
    }
    throw new IllegalStateException("purchase " + refunding.keyDigest().shortForm()
        + " kept changing while recording its refund");
  }

  private static boolean isBeingPaid(Purchase purchase, Refund refund) {
    return purchase.state() == PurchaseState.REFUNDING
        && purchase.refund().map(r -> r.paymentHash().equals(refund.paymentHash())).orElse(false);
  }

  private static void log(Purchase recorded, Refund refund, PaymentOutcome outcome) {
    switch (outcome) {
      case PaymentOutcome.Succeeded paid -> LOG.log(Level.INFO, "refunded purchase {0}: {1} to {2}, fee {3}",
          recorded.keyDigest().shortForm(), refund.amount(), refund.paymentHash(), paid.fee());
      case PaymentOutcome.Failed failed -> LOG.log(Level.INFO,
          "refund of purchase {0} to {1} failed, the key is refundable again: {2}", recorded.keyDigest().shortForm(),
          refund.paymentHash(), failed.reason());
      case PaymentOutcome.Pending pending -> { }
    }
  }
}
