package dev.payql.service;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Pays a failed request's money back to an invoice of the buyer's. The purchase is moved to
 * REFUNDED before the node pays, so two concurrent refund requests cannot both pay.
 */
public final class RefundService implements RefundUseCase {

  private static final System.Logger LOG = System.getLogger(RefundService.class.getName());

  private final PurchaseStore store;
  private final LightningNode node;
  private final Clock clock;

  public RefundService(PurchaseStore store, LightningNode node, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public RefundOutcome refund(String presentedKey, String refundPaymentRequest) {
    if (!OneTimeKey.isWellFormed(presentedKey)) {
      return new RefundRefused(Reason.INVALID_API_KEY, "an API key is 64 hex characters");
    }
    Optional<Purchase> found = store.findByKeyDigest(OneTimeKey.parse(presentedKey).digest());
    if (found.isEmpty()) {
      return new RefundRefused(Reason.UNKNOWN_API_KEY, "no purchase has this key");
    }
    Purchase purchase = found.get();
    if (purchase.state() != PurchaseState.FAILED) {
      return new RefundRefused(Reason.NOT_REFUNDABLE,
          "only a paid request whose execution failed can be refunded; this one is " + purchase.state());
    }
    Bolt11 request;
    DecodedPaymentRequest decoded;
    try {
      request = Bolt11.parse(refundPaymentRequest);
      decoded = node.decode(request);
    } catch (IllegalArgumentException | NodeRejectedException e) {
      return new RefundRefused(Reason.INVALID_REFUND_INVOICE, "the refund invoice cannot be read: " + e.getMessage());
    }
    Msat paid = purchase.price().msat();
    if (decoded.amount().isEmpty()) {
      return new RefundRefused(Reason.INVALID_REFUND_INVOICE, "the refund invoice must name an amount of at most " + paid);
    }
    if (decoded.amount().get().isGreaterThan(paid)) {
      return new RefundRefused(Reason.INVALID_REFUND_INVOICE,
          "the refund invoice asks for " + decoded.amount().get() + ", more than the " + paid + " paid");
    }
    if (!decoded.expiresAt().isAfter(clock.instant())) {
      return new RefundRefused(Reason.INVALID_REFUND_INVOICE, "the refund invoice has expired");
    }
    Purchase claimed = purchase.refund();
    if (!store.compareAndSet(claimed)) {
      return new RefundRefused(Reason.NOT_REFUNDABLE, "the key changed meanwhile (a retry or another refund)");
    }
    PaymentOutcome outcome = node.pay(new PaymentOrder(request, decoded.amount().get(), Msat.ZERO));
    return switch (outcome) {
      case PaymentOutcome.Succeeded succeeded -> {
        LOG.log(Level.INFO, "refunded purchase {0}: {1}", purchase.keyDigest().shortForm(), succeeded.amount());
        yield new Refunded(succeeded.paymentHash(), succeeded.amount());
      }
      case PaymentOutcome.Failed failed -> {
        // nothing left the node: the key is refundable again
        if (!store.compareAndSet(claimed.refundRejected())) {
          LOG.log(Level.WARNING, "purchase {0} changed while its refund failed", purchase.keyDigest().shortForm());
        }
        yield new RefundRefused(Reason.PAYMENT_FAILED, "the node could not pay the refund invoice: " + failed.reason());
      }
      case PaymentOutcome.Pending pending -> {
        // may still arrive: the purchase stays REFUNDED so it is never paid twice
        LOG.log(Level.WARNING, "refund of purchase {0} still in flight", purchase.keyDigest().shortForm());
        yield new RefundRefused(Reason.PAYMENT_FAILED, "the refund payment is still in flight");
      }
    };
  }
}
