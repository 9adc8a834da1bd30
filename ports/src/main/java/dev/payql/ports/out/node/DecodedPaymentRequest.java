package dev.payql.ports.out.node;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The parts of a BOLT11 request PayQL cares about; an amountless request has no amount. */
public record DecodedPaymentRequest(PaymentHash paymentHash, Optional<Msat> amount, Instant expiresAt, String payee) {

  public DecodedPaymentRequest {
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(payee, "payee");
  }

  /**
   * Why {@code order} may not pay this request, before anything is sent: a request that names an
   * amount is paid exactly that amount. Empty if it may.
   */
  public Optional<PaymentOutcome.Failed> refusalOf(PaymentOrder order) {
    if (amount.isPresent() && !amount.get().equals(order.amount())) {
      return Optional.of(new PaymentOutcome.Failed("the payment request asks for " + amount.get() + ", not the "
          + order.amount() + " ordered"));
    }
    return Optional.empty();
  }
}
