package dev.payql.ports.out.node;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Lightning node that issues invoices, reports their settlement and pays refunds.
 *
 * <p>Every method may throw {@link NodeUnavailableException} when the node cannot be reached or
 * does not answer in time; that is transient and the caller answers 503. A refusal by the node is a
 * {@link NodeRejectedException}. Implementations never block without a deadline.
 */
public interface LightningNode {

  /**
   * Issues an invoice. Calling it again with the same {@link InvoiceRequest#label()} after a lost
   * answer returns the invoice issued the first time, never a second one.
   */
  Invoice createInvoice(InvoiceRequest request);

  /** The invoice with this hash as the node sees it now, or empty if the node never issued it. */
  Optional<Invoice> lookupInvoice(PaymentHash paymentHash);

  /**
   * Streams settlements after {@code afterCursor} (LND's settle index, CLN's pay index), in cursor
   * order, to {@code listener} on a thread of the implementation's. The implementation reconnects
   * by itself and resumes from the last cursor it delivered, so nothing is missed; a consumer must
   * still tolerate seeing a settlement twice. Closing the subscription stops delivery.
   */
  SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener);

  /** What a payment request asks for, as this node decodes it. */
  DecodedPaymentRequest decode(Bolt11 paymentRequest);

  /**
   * Pays {@code order.paymentRequest()} (a refund): {@code order.amount()} to the payee and at most
   * {@code order.maxFee()} in routing fees. Returns {@link PaymentOutcome.Succeeded} or
   * {@link PaymentOutcome.Failed} once the outcome is final, and {@link PaymentOutcome.Pending} when
   * the payment may still be in flight when the node's deadline passes: the caller then asks
   * {@link #paymentStatus} later. Paying a payment hash this node has already paid, or is paying,
   * never sends a second payment: the node reports the first one instead.
   */
  PaymentOutcome pay(PaymentOrder order);

  /**
   * What became of the payment this node sent for {@code paymentHash}: pending, succeeded or failed;
   * empty if the node never sent one (then nothing left the node).
   */
  Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash);

  /** Who the node is and where to open a channel to it. */
  NodeInfo info();
}
