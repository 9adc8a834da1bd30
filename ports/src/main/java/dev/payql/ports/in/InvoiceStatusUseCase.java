package dev.payql.ports.in;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A buyer (or the web page) watches whether the invoice of a key has been paid. */
public interface InvoiceStatusUseCase {

  /**
   * The state now, or, with a positive {@code wait}, as soon as it differs from what it was when
   * asked, at the latest after {@code wait}.
   */
  StatusOutcome status(String presentedKey, Duration wait);

  sealed interface StatusOutcome {}

  record Status(PurchaseState state, PaymentHash paymentHash, Instant expiresAt) implements StatusOutcome {
    public Status {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** Only {@link RefusalReason#INVALID_API_KEY} or {@link RefusalReason#UNKNOWN_API_KEY}. */
  record UnknownKey(RefusalReason reason) implements StatusOutcome {}
}
