package dev.payql.ports.in;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.Inspection;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A buyer asks what one request costs and gets an invoice and a one-time key for it. */
public interface IssueInvoiceUseCase {

  IssueOutcome issue(GraphQLRequest request);

  sealed interface IssueOutcome {}

  /**
   * The sold request. The key appears here once and is never stored. {@code price} is the invoice's
   * amount and its USD value at {@code rate}, the rate it was priced at.
   */
  record Issued(Price price, BtcUsdRate rate, Bolt11 paymentRequest, OneTimeKey key, PaymentHash paymentHash,
      Instant expiresAt, long weight) implements IssueOutcome {
    public Issued {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(rate, "rate");
      Objects.requireNonNull(paymentRequest, "paymentRequest");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** The request is not valid GraphQL for the schema; nothing was sold. */
  record Invalid(Inspection.Rejected rejection) implements IssueOutcome {}

  /** The request weighs more than anyone may buy in one go. */
  record TooHeavy(long weight, long limit) implements IssueOutcome {}

  /** Introspection is free: there is nothing to sell. */
  record Free() implements IssueOutcome {}

  /**
   * No BTC/USD rate is fresh enough to price at, so nothing was sold rather than mis-priced.
   * {@code reason} is for the operator's log; {@code retryAfter} is when a rate may be known again.
   */
  record RateUnavailable(String reason, Duration retryAfter) implements IssueOutcome {
    public RateUnavailable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
