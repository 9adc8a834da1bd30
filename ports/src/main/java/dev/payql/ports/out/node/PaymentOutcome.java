package dev.payql.ports.out.node;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.util.Objects;

/** How an outgoing payment ended. */
public sealed interface PaymentOutcome {

  record Succeeded(PaymentHash paymentHash, Msat amount, Msat fee) implements PaymentOutcome {
    public Succeeded {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(fee, "fee");
    }
  }

  /** Nothing was sent; {@code reason} is the node's words, safe to show. */
  record Failed(String reason) implements PaymentOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
