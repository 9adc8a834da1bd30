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
    /** The refund invoice is not a BOLT11 request, has no amount, lapsed or asks for more than was paid. */
    INVALID_REFUND_INVOICE,
    /** The node tried and could not pay it; the key stays refundable. */
    PAYMENT_FAILED
  }
}
