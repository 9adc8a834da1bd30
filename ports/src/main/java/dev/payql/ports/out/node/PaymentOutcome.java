package dev.payql.ports.out.node;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.util.Objects;

/** How an outgoing payment ended, or that it has not ended yet. */
public sealed interface PaymentOutcome {

  /** The payee has the money; {@code fee} is what routing cost on top. */
  record Succeeded(PaymentHash paymentHash, Msat amount, Msat fee) implements PaymentOutcome {
    public Succeeded {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(fee, "fee");
    }
  }

  /** Definitely nothing reached the payee; {@code reason} is the node's words, safe to show. */
  record Failed(String reason) implements PaymentOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Sent, or possibly sent, and not settled either way yet: ask the node again later. */
  record Pending(PaymentHash paymentHash) implements PaymentOutcome {
    public Pending {
      Objects.requireNonNull(paymentHash, "paymentHash");
    }
  }
}
