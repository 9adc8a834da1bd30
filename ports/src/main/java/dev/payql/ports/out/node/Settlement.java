package dev.payql.ports.out.node;

import dev.payql.domain.lightning.PaymentHash;
import java.time.Instant;
import java.util.Objects;

/** An invoice the node saw paid; {@code cursor} is where a resumed stream starts after it. */
public record Settlement(PaymentHash paymentHash, Instant settledAt, long cursor) {

  public Settlement {
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(settledAt, "settledAt");
    if (cursor < 1) {
      throw new IllegalArgumentException("settlement cursors start at 1");
    }
  }
}
