package dev.payql.ports.out.node;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import java.util.Objects;

/**
 * An outgoing payment (a refund): the payee's invoice, the amount it asks for, and the most PayQL
 * will spend on routing fees on top.
 */
public record PaymentOrder(Bolt11 paymentRequest, Msat amount, Msat maxFee) {

  public PaymentOrder {
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(maxFee, "maxFee");
    if (amount.value() < 1) {
      throw new IllegalArgumentException("a payment sends at least 1 msat");
    }
  }
}
