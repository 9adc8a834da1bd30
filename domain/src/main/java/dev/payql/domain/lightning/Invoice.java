package dev.payql.domain.lightning;

import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A Lightning invoice as issued by the node, with its state when last looked at. */
public record Invoice(
    PaymentHash paymentHash,
    Bolt11 paymentRequest,
    Msat amount,
    Instant createdAt,
    Instant expiresAt,
    InvoiceState state,
    Optional<Instant> settledAt) {

  public Invoice {
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(settledAt, "settledAt");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("an invoice must expire after it is created");
    }
    if (state == InvoiceState.SETTLED && settledAt.isEmpty()) {
      throw new IllegalArgumentException("a settled invoice has a settlement time");
    }
    if (state != InvoiceState.SETTLED && settledAt.isPresent()) {
      throw new IllegalArgumentException("only a settled invoice has a settlement time");
    }
  }

  public static Invoice open(PaymentHash hash, Bolt11 request, Msat amount, Instant createdAt, Instant expiresAt) {
    return new Invoice(hash, request, amount, createdAt, expiresAt, InvoiceState.OPEN, Optional.empty());
  }

  public Invoice settled(Instant at) {
    return new Invoice(paymentHash, paymentRequest, amount, createdAt, expiresAt, InvoiceState.SETTLED, Optional.of(at));
  }

  public Invoice canceled() {
    return new Invoice(paymentHash, paymentRequest, amount, createdAt, expiresAt, InvoiceState.CANCELED, Optional.empty());
  }

  public boolean isSettled() {
    return state == InvoiceState.SETTLED;
  }

  /** An open invoice past its expiry can no longer be paid, whatever the node has marked yet. */
  public boolean isLapsed(Instant now) {
    return state == InvoiceState.CANCELED || (state == InvoiceState.OPEN && !now.isBefore(expiresAt));
  }
}
