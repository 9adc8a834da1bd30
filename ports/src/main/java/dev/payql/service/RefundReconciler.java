package dev.payql.service;

import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settles refunds whose outcome the refund request did not learn: the node's deadline passed with
 * the payment in flight, the node did not answer, or PayQL stopped mid-payment. Run on start and
 * periodically; every instance may run it, the store's compare-and-set decides who records each
 * outcome.
 *
 * <p>A success is recorded whenever the node reports it. A failure, or a node that knows no payment
 * for the hash, is recorded only once the refund is older than {@code inFlightLimit}, the longest a
 * refund request can still be handing the payment to the node: before that, the refund's payment may
 * not have reached the node yet, and an earlier failed attempt to the same invoice must not make the
 * key refundable while a new one is on its way.
 */
public final class RefundReconciler {

  private static final System.Logger LOG = System.getLogger(RefundReconciler.class.getName());
  private static final int BATCH = 200;

  private final PurchaseStore store;
  private final LightningNode node;
  private final Clock clock;
  private final Duration inFlightLimit;
  private final RefundRecorder recorder;

  /**
   * @param inFlightLimit at least as long as {@link LightningNode#pay} can take from the moment the
   *     refund is recorded (the node's payment deadline and its call deadlines)
   */
  public RefundReconciler(PurchaseStore store, LightningNode node, Clock clock, Duration inFlightLimit) {
    this.store = Objects.requireNonNull(store, "store");
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlightLimit = Objects.requireNonNull(inFlightLimit, "inFlightLimit");
    if (inFlightLimit.isNegative()) {
      throw new IllegalArgumentException("inFlightLimit cannot be negative");
    }
    this.recorder = new RefundRecorder(store);
  }

  /**
   * Asks the node about every refund still being paid. Returns how many ended (refunded, or failed
   * and refundable again). Stops early, logging, if the node is unreachable: the next run goes on.
   */
  public int reconcile() {
    int settled = 0;
    Optional<KeyDigest> after = Optional.empty();
    try {
      List<Purchase> batch;
      do {
        batch = store.findRefunding(after, BATCH);
        for (Purchase refunding : batch) {
          if (reconcile(refunding).state() != PurchaseState.REFUNDING) {
            settled++;
          }
        }
        after = batch.isEmpty() ? after : Optional.of(batch.getLast().keyDigest());
      } while (batch.size() == BATCH);
    } catch (NodeUnavailableException e) {
      LOG.log(Level.WARNING, "refund reconciliation stopped, the node is unreachable: {0}", e.getMessage());
    }
    if (settled > 0) {
      LOG.log(Level.INFO, "refund reconciliation settled {0} refund(s)", settled);
    }
    return settled;
  }

  private Purchase reconcile(Purchase refunding) {
    Refund refund = refunding.refund().orElseThrow();
    Optional<PaymentOutcome> status = node.paymentStatus(refund.paymentHash());
    boolean mayStillBeHandedOver = clock.instant().isBefore(refund.requestedAt().plus(inFlightLimit));
    PaymentOutcome outcome = status.orElseGet(() -> new PaymentOutcome.Failed(
        "the node never sent a payment for " + refund.paymentHash()));
    if (outcome instanceof PaymentOutcome.Failed && mayStillBeHandedOver) {
      return refunding;
    }
    return recorder.record(refunding, outcome);
  }
}
