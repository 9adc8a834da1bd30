package dev.payql.adapter.simnode;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Objects;

/** A refund the simulated node recorded as paid. */
public record SentPayment(PaymentHash paymentHash, Msat amount, Instant paidAt, Bolt11 paymentRequest) {

  public SentPayment {
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(paidAt, "paidAt");
    Objects.requireNonNull(paymentRequest, "paymentRequest");
  }
}
