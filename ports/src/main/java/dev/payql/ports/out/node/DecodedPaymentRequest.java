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
}
