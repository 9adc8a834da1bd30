package dev.payql.ports.in;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.util.Objects;

/** A buyer whose paid request failed asks for the money back, to an invoice of their own. */
public interface RefundUseCase {

  RefundOutcome refund(String presentedKey, String refundPaymentRequest);

  sealed interface RefundOutcome {}

  record Refunded(PaymentHash paymentHash, Msat amount) implements RefundOutcome {
    public Refunded {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /**
   * The payment left the node but its outcome was not known by the node's deadline. The refund is
   * recorded and reconciled with the node: the key's status moves on to {@code refunded}, or back to
   * {@code failed} (refundable again) if the payment fails.
   */
  record RefundPending(PaymentHash paymentHash, Msat amount) implements RefundOutcome {
    public RefundPending {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
    }
  }

  record RefundRefused(Reason reason, String detail) implements RefundOutcome {
    public RefundRefused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  enum Reason {
    INVALID_API_KEY,
    UNKNOWN_API_KEY,
    /** Only a key whose execution failed can be refunded, and only once. */
    NOT_REFUNDABLE,
    /** A refund of this key is being paid and its outcome is not known yet. */
    REFUND_IN_PROGRESS,
    /** The refund invoice is not a BOLT11 request, has no amount, lapsed or asks for more than was paid. */
    INVALID_REFUND_INVOICE,
    /**
     * The refund invoice is PayQL's own (its node is the payee, or PayQL issued its payment hash):
     * paying it could never return the money, so it is not tried.
     */
    OWN_INVOICE,
    /** The node has paid this invoice already, or is paying it: it would never be paid a second time. */
    INVOICE_ALREADY_PAID,
    /** The node tried and could not pay it; the key stays refundable. */
    PAYMENT_FAILED
  }
}
