package dev.payql.domain.purchase;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The refund of a failed purchase, recorded before the node is asked to pay it: the buyer's
 * invoice, its payment hash (what the node is asked about after a timeout or a crash), the amount,
 * when it was asked for, and once paid what routing cost on top.
 */
public record Refund(PaymentHash paymentHash, Bolt11 paymentRequest, Msat amount, Instant requestedAt,
    Optional<Msat> fee) {

  public Refund {
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(fee, "fee");
    if (amount.value() < 1) {
      throw new IllegalArgumentException("a refund sends at least 1 msat");
    }
  }

  /** A refund about to be paid: nothing is known of its outcome yet. */
  public static Refund requested(PaymentHash paymentHash, Bolt11 paymentRequest, Msat amount, Instant requestedAt) {
    return new Refund(paymentHash, paymentRequest, amount, requestedAt, Optional.empty());
  }

  /** The payee has the money; {@code routingFee} is what the node paid on top. */
  Refund paid(Msat routingFee) {
    Objects.requireNonNull(routingFee, "routingFee");
    if (isPaid()) {
      throw new IllegalStateException("the refund " + paymentHash + " is paid already");
    }
    return new Refund(paymentHash, paymentRequest, amount, requestedAt, Optional.of(routingFee));
  }

  public boolean isPaid() {
    return fee.isPresent();
  }
}
