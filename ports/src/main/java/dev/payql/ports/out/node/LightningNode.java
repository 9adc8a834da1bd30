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
   * Pays {@code paymentRequest} (a refund), refusing to send more than {@code maxAmount}.
   * Returns only once the payment succeeded or definitely failed.
   */
  PaymentOutcome pay(Bolt11 paymentRequest, Msat maxAmount);

  /** Who the node is and where to open a channel to it. */
  NodeInfo info();
}
