package dev.payql.service;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.RefundFeeLimit;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Pays a failed request's money back (or one sold at most once whose outcome is unknown, ADR 0033) to an invoice of the buyer's, as a recorded operation: the
 * refund invoice, its payment hash and its amount are stored (REFUNDING) before the node is asked
 * to pay, so two refund requests cannot both pay and an outcome lost to a timeout or a crash is
 * found again by the {@link RefundReconciler}. What the node answers is recorded by one
 * {@link RefundRecorder}: a success ends the purchase REFUNDED, a definite failure makes it
 * refundable again, a payment still in flight leaves it REFUNDING.
 */
public final class RefundService implements RefundUseCase {

  private static final System.Logger LOG = System.getLogger(RefundService.class.getName());

  private final PurchaseStore store;
  private final LightningNode node;
  private final RefundFeeLimit feeLimit;
  private final Clock clock;
  private final RefundRecorder recorder;

  /** With the default fee limit ({@link RefundFeeLimit#DEFAULT_PERCENT} of each refund). */
  public RefundService(PurchaseStore store, LightningNode node, Clock clock) {
    this(store, node, RefundFeeLimit.defaults(), clock);
  }

  public RefundService(PurchaseStore store, LightningNode node, RefundFeeLimit feeLimit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.node = Objects.requireNonNull(node, "node");
    this.feeLimit = Objects.requireNonNull(feeLimit, "feeLimit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recorder = new RefundRecorder(store);
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
    if (purchase.state() == PurchaseState.REFUNDING) {
      return new RefundRefused(Reason.REFUND_IN_PROGRESS, "a refund of this key to "
          + purchase.refund().orElseThrow().paymentHash() + " is being paid; GET /api/invoice/status shows when it"
          + " is refunded, or failed and refundable again");
    }
    if (purchase.isAbandoned(clock.instant())) {
      // sold at most once and its executor died: its outcome is unknown, which is refundable; recorded
      // first so the refund starts from that state (a lost race is decided by the state found next)
      Purchase unknown = purchase.abandon(clock.instant());
      purchase = store.compareAndSet(unknown) ? unknown : store.findByKeyDigest(purchase.keyDigest()).orElseThrow();
    }
    if (purchase.state() != PurchaseState.FAILED && purchase.state() != PurchaseState.OUTCOME_UNKNOWN) {
      return new RefundRefused(Reason.NOT_REFUNDABLE,
          "only a paid request whose execution failed or whose outcome is unknown can be refunded; this one is "
              + purchase.state().name().toLowerCase(Locale.ROOT));
    }
    if (!purchase.isRefundable(clock.instant())) {
      // the key lifetime bounds refunds as it bounds retries (ADR 0015); the sweeper expires it next
      return new RefundRefused(Reason.NOT_REFUNDABLE,
          "the key lapsed at " + purchase.keyExpiresAt().orElseThrow() + " before it was refunded");
    }
    Bolt11 request;
    DecodedPaymentRequest decoded;
    try {
      request = Bolt11.parse(refundPaymentRequest);
      decoded = node.decode(request);
    } catch (IllegalArgumentException | NodeRejectedException e) {
      return new RefundRefused(Reason.INVALID_REFUND_INVOICE, "the refund invoice cannot be read: " + e.getMessage());
    }
    Optional<RefundRefused> refused = refusal(purchase, decoded);
    if (refused.isPresent()) {
      return refused.get();
    }
    Msat amount = decoded.amount().orElseThrow();
    Purchase claimed = purchase.startRefund(Refund.requested(decoded.paymentHash(), request, amount, clock.instant()));
    if (!store.compareAndSet(claimed)) {
      boolean anotherRefund = store.findByKeyDigest(purchase.keyDigest())
          .filter(now -> now.state() == PurchaseState.REFUNDING).isPresent();
      return anotherRefund
          ? new RefundRefused(Reason.REFUND_IN_PROGRESS, "another refund of this key started a moment ago")
          : new RefundRefused(Reason.NOT_REFUNDABLE, "the key changed meanwhile (a retry or another refund)");
    }
    PaymentOutcome outcome = pay(claimed, new PaymentOrder(request, amount, feeLimit.maxFeeFor(amount)));
    Purchase after = recorder.record(claimed, outcome);
    return switch (after.state()) {
      case REFUNDED -> new Refunded(decoded.paymentHash(), amount);
      case REFUNDING -> new RefundPending(decoded.paymentHash(), amount);
      case FAILED, OUTCOME_UNKNOWN -> new RefundRefused(Reason.PAYMENT_FAILED, "the node could not pay the refund invoice, the key"
          + " stays refundable: " + (outcome instanceof PaymentOutcome.Failed failed ? failed.reason() : "failed"));
      default -> new RefundRefused(Reason.NOT_REFUNDABLE, "the key changed meanwhile; it is now "
          + after.state().name().toLowerCase(Locale.ROOT));
    };
  }

  /**
   * Why this invoice can never refund this purchase, checked before anything is recorded: an
   * invoice of PayQL's own (first: no amount would make it payable), the amount, the expiry, one the
   * node has paid already.
   */
  private Optional<RefundRefused> refusal(Purchase purchase, DecodedPaymentRequest decoded) {
    // a node cannot pay itself, and paying PayQL's own invoice would only move the money in a circle
    if (store.findByPaymentHash(decoded.paymentHash()).isPresent()) {
      return refused(Reason.OWN_INVOICE, "the refund invoice is one PayQL issued; send an invoice of your own wallet");
    }
    if (decoded.payee().equalsIgnoreCase(node.info().pubkey())) {
      return refused(Reason.OWN_INVOICE, "the refund invoice is payable to PayQL's own node; send an invoice of"
          + " your own wallet");
    }
    Msat paid = purchase.price().msat();
    if (decoded.amount().isEmpty()) {
      return refused(Reason.INVALID_REFUND_INVOICE, "the refund invoice must name an amount of at most " + paid);
    }
    if (decoded.amount().get().isGreaterThan(paid)) {
      return refused(Reason.INVALID_REFUND_INVOICE,
          "the refund invoice asks for " + decoded.amount().get() + ", more than the " + paid + " paid");
    }
    if (!decoded.expiresAt().isAfter(clock.instant())) {
      return refused(Reason.INVALID_REFUND_INVOICE, "the refund invoice has expired");
    }
    Optional<PaymentOutcome> earlier = node.paymentStatus(decoded.paymentHash());
    if (earlier.isPresent() && !(earlier.get() instanceof PaymentOutcome.Failed)) {
      return refused(Reason.INVOICE_ALREADY_PAID, "the node has already paid this invoice, or is paying it; send a"
          + " new invoice");
    }
    return Optional.empty();
  }

  private static Optional<RefundRefused> refused(Reason reason, String detail) {
    return Optional.of(new RefundRefused(reason, detail));
  }

  /**
   * Asks the node to pay. What cannot be known here is left to the reconciliation: a node that did
   * not answer may have sent the payment, so the refund stays recorded as being paid. A node that
   * refused PayQL itself (credentials) sent nothing: the refund is undone and the refusal passed on.
   */
  private PaymentOutcome pay(Purchase claimed, PaymentOrder order) {
    try {
      return node.pay(order);
    } catch (NodeAccessDeniedException e) {
      recorder.record(claimed, new PaymentOutcome.Failed(e.getMessage()));
      throw e;
    } catch (NodeRejectedException e) {
      return new PaymentOutcome.Failed(e.getMessage());
    } catch (NodeUnavailableException e) {
      LOG.log(Level.WARNING, "the refund of purchase {0} may be in flight, the node did not answer: {1}",
          claimed.keyDigest().shortForm(), e.getMessage());
      return new PaymentOutcome.Pending(claimed.refund().orElseThrow().paymentHash());
    }
  }
}
