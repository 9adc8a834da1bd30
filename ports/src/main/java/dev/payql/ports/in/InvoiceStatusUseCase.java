package dev.payql.ports.in;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A buyer (or the web page) watches whether the invoice of a key has been paid. */
public interface InvoiceStatusUseCase {

  /** Long polls never hold a request longer than this, whatever the client asks. */
  Duration MAX_WAIT = Duration.ofSeconds(60);

  /**
   * The state now. With a positive {@code wait}, an invoice still awaiting payment is watched until
   * it is paid or lapses, at the latest for {@code wait}; any other state is answered at once.
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
