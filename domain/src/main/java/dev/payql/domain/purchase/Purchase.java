package dev.payql.domain.purchase;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.request.RequestFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One sold request: a key (kept as its digest) bound to one invoice and one request fingerprint.
 *
 * <p>Every transition returns a new purchase whose {@code version} is one higher; the store saves it
 * only if the stored version is still the old one, so two racing instances cannot both win a
 * transition. Transitions refuse to start from the wrong state with an
 * {@link IllegalStateException}: that is a programming error, not a user error, because the
 * services ask {@link dev.payql.domain.redemption.RedemptionRules} first.
 *
 * <p>{@code atMostOnce} is decided at invoicing and never changes: a mutation is sold at most once
 * (ADR 0033). Such a purchase is never executed again once its execution may have reached the API
 * being sold: an interrupted execution or a lapsed lease ends it {@link PurchaseState#OUTCOME_UNKNOWN},
 * refundable but never claimed again.
 */
public record Purchase(
    KeyDigest keyDigest,
    RequestFingerprint fingerprint,
    PaymentHash paymentHash,
    Bolt11 paymentRequest,
    Price price,
    long weight,
    boolean atMostOnce,
    Instant createdAt,
    Instant invoiceExpiresAt,
    PurchaseState state,
    long version,
    Optional<Instant> paidAt,
    Optional<Instant> keyExpiresAt,
    Optional<Instant> leaseExpiresAt,
    int attempts,
    Optional<StoredResponse> response,
    Optional<Refund> refund) {

  public Purchase {
    Objects.requireNonNull(keyDigest, "keyDigest");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(invoiceExpiresAt, "invoiceExpiresAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(paidAt, "paidAt");
    Objects.requireNonNull(keyExpiresAt, "keyExpiresAt");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(refund, "refund");
    if (weight < 0) {
      throw new IllegalArgumentException("weight cannot be negative");
    }
    if (version < 0 || attempts < 0) {
      throw new IllegalArgumentException("version and attempts cannot be negative");
    }
    if (!invoiceExpiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("the invoice must expire after the purchase is created");
    }
    boolean paid = switch (state) {
      case AWAITING_PAYMENT -> false;
      case PAID, EXECUTING, SPENT, FAILED, OUTCOME_UNKNOWN, REFUNDING, REFUNDED -> true;
      case EXPIRED -> paidAt.isPresent();
    };
    if (paid != paidAt.isPresent() || paidAt.isPresent() != keyExpiresAt.isPresent()) {
      throw new IllegalArgumentException(state + " and the payment time disagree");
    }
    if ((state == PurchaseState.EXECUTING) != leaseExpiresAt.isPresent()) {
      throw new IllegalArgumentException("a lease exists exactly while EXECUTING, not in " + state);
    }
    if (state == PurchaseState.OUTCOME_UNKNOWN && !atMostOnce) {
      // a request that may run again is simply FAILED when its outcome is unknown
      throw new IllegalArgumentException("only a purchase sold at most once can have an unknown outcome");
    }
    if (response.isPresent() && state != PurchaseState.SPENT) {
      throw new IllegalArgumentException("only a SPENT purchase keeps a response");
    }
    requireConsistentRefund(state, refund, price);
  }

  /**
   * A refund is recorded exactly while it is being paid (REFUNDING, not paid yet) and once it was
   * (REFUNDED, with its fee); a REFUNDED purchase from before refunds were recorded has none.
   */
  private static void requireConsistentRefund(PurchaseState state, Optional<Refund> refund, Price price) {
    boolean consistent = switch (state) {
      case REFUNDING -> refund.isPresent() && !refund.get().isPaid();
      case REFUNDED -> refund.map(Refund::isPaid).orElse(true);
      default -> refund.isEmpty();
    };
    if (!consistent) {
      throw new IllegalArgumentException(state + " and the recorded refund disagree");
    }
    if (refund.isPresent() && refund.get().amount().isGreaterThan(price.msat())) {
      throw new IllegalArgumentException("a refund of " + refund.get().amount() + " is more than the " + price.msat()
          + " paid");
    }
  }

  /** A purchase of a request that may run again should its execution be interrupted (a query). */
  public static Purchase awaitingPayment(
      KeyDigest keyDigest,
      RequestFingerprint fingerprint,
      PaymentHash paymentHash,
      Bolt11 paymentRequest,
      Price price,
      long weight,
      Instant createdAt,
      Instant invoiceExpiresAt) {
    return awaitingPayment(keyDigest, fingerprint, paymentHash, paymentRequest, price, weight, false, createdAt,
        invoiceExpiresAt);
  }

  /** A purchase just sold: the invoice is issued and unpaid; {@code atMostOnce} for a mutation. */
  public static Purchase awaitingPayment(
      KeyDigest keyDigest,
      RequestFingerprint fingerprint,
      PaymentHash paymentHash,
      Bolt11 paymentRequest,
      Price price,
      long weight,
      boolean atMostOnce,
      Instant createdAt,
      Instant invoiceExpiresAt) {
    return new Purchase(keyDigest, fingerprint, paymentHash, paymentRequest, price, weight, atMostOnce, createdAt,
        invoiceExpiresAt, PurchaseState.AWAITING_PAYMENT, 0, Optional.empty(), Optional.empty(),
        Optional.empty(), 0, Optional.empty(), Optional.empty());
  }

  /**
   * Records a settlement the node reported. Returns empty when there is nothing to change (already
   * paid: settlements arrive more than once, from several instances). A purchase the sweeper
   * expired before the settlement was seen is still paid: the node is the truth about money.
   */
  public Optional<Purchase> markPaid(Instant settledAt, Duration keyLifetime) {
    boolean unpaid = state == PurchaseState.AWAITING_PAYMENT
        || (state == PurchaseState.EXPIRED && paidAt.isEmpty());
    if (!unpaid) {
      return Optional.empty();
    }
    // the key lifetime runs from the settlement (never from before the sale, should the node's
    // clock be behind ours)
    Instant lifetimeStart = settledAt.isAfter(createdAt) ? settledAt : createdAt;
    return Optional.of(next(PurchaseState.PAID, Optional.of(settledAt),
        Optional.of(lifetimeStart.plus(keyLifetime)), Optional.empty(), attempts, Optional.empty()));
  }

  /** Takes the right to execute until {@code now + lease}; see {@link #isClaimable}. */
  public Purchase claim(Instant now, Duration lease) {
    if (!isClaimable(now)) {
      throw new IllegalStateException("cannot claim a purchase in " + state
          + (hasOutlivedKey(now) ? ": its key lapsed at " + keyExpiresAt.orElseThrow() : ""));
    }
    return next(PurchaseState.EXECUTING, paidAt, keyExpiresAt, Optional.of(now.plus(lease)),
        attempts + 1, Optional.empty());
  }

  /** The execution answered: the key is spent and the answer kept for replays. */
  public Purchase complete(byte[] responseBody, Instant now, Duration replayWindow) {
    requireState(PurchaseState.EXECUTING, "complete");
    return next(PurchaseState.SPENT, paidAt, keyExpiresAt, Optional.empty(), attempts,
        Optional.of(new StoredResponse(responseBody, now.plus(replayWindow))));
  }

  /**
   * The execution certainly did not run (the API was unreachable, it refused the request before
   * executing it) or, for a request that may run again, failed: the key may be retried or refunded.
   */
  public Purchase fail() {
    requireState(PurchaseState.EXECUTING, "fail");
    return next(PurchaseState.FAILED, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty());
  }

  /**
   * The execution was interrupted after the request may have reached the API (a timeout, an answer
   * cut off, the API failing mid-way): whether it ran is unknown. A request sold at most once must
   * not be sent again, so its outcome stays unknown (refundable, never claimed again); any other is
   * simply failed, to be retried or refunded.
   */
  public Purchase interrupt() {
    requireState(PurchaseState.EXECUTING, "interrupt");
    return atMostOnce
        ? next(PurchaseState.OUTCOME_UNKNOWN, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty())
        : fail();
  }

  /**
   * The executor of a purchase sold at most once died holding its lease (see {@link #isAbandoned}):
   * the request may have reached the API, so it is never claimed again and its outcome is unknown.
   */
  public Purchase abandon(Instant now) {
    if (!isAbandoned(now)) {
      throw new IllegalStateException("cannot abandon a purchase in " + state
          + (atMostOnce ? "" : " that may run again") + (leaseExpiresAt.isPresent() && !isLeaseLapsed(now)
              ? " while its execution holds a lease until " + leaseExpiresAt.get() : ""));
    }
    return next(PurchaseState.OUTCOME_UNKNOWN, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty());
  }

  /**
   * Whether this is a purchase sold at most once whose executor's lease lapsed: the request may have
   * been sent, so it counts as an unknown outcome (never claimed again), recorded or not yet.
   */
  public boolean isAbandoned(Instant now) {
    return atMostOnce && state == PurchaseState.EXECUTING && isLeaseLapsed(now);
  }

  /** Whether the buyer may ask for the money back now: the execution failed or its outcome is unknown. */
  public boolean isRefundable(Instant now) {
    return (state == PurchaseState.FAILED || state == PurchaseState.OUTCOME_UNKNOWN) && !isKeyLapsed(now);
  }

  /**
   * Records the refund before the node is asked to pay it. From here the key can neither run nor be
   * refunded again until the node's outcome is recorded, so only one refund is ever sent, and the
   * refund's payment hash is kept so an outcome lost to a timeout or a crash can be asked for later.
   */
  public Purchase startRefund(Refund refund) {
    if (state != PurchaseState.FAILED && state != PurchaseState.OUTCOME_UNKNOWN) {
      throw new IllegalStateException("cannot refund a purchase in " + state);
    }
    Objects.requireNonNull(refund, "refund");
    if (refund.isPaid()) {
      throw new IllegalArgumentException("a refund starts unpaid");
    }
    return next(PurchaseState.REFUNDING, Optional.of(refund));
  }

  /** The node paid the refund: the key is dead, and the fee it cost is kept. */
  public Purchase refundPaid(Msat routingFee) {
    requireState(PurchaseState.REFUNDING, "record the refund payment of");
    return next(PurchaseState.REFUNDED, refund.map(r -> r.paid(routingFee)));
  }

  /**
   * The node definitely did not pay the refund (nothing reached the payee): the key is refundable
   * again. A purchase sold at most once returns to OUTCOME_UNKNOWN whether its refund started there or
   * from FAILED: REFUNDING does not remember which, and only this way can a request that may have run
   * never run again (the buyer who chose a refund over a retry loses only the retry).
   */
  public Purchase refundFailed() {
    requireState(PurchaseState.REFUNDING, "record the failed refund of");
    return next(atMostOnce ? PurchaseState.OUTCOME_UNKNOWN : PurchaseState.FAILED, Optional.empty());
  }

  /** The unpaid invoice lapsed: the key is dead. */
  public Purchase expireInvoice(Instant now) {
    requireState(PurchaseState.AWAITING_PAYMENT, "expire the invoice of");
    if (now.isBefore(invoiceExpiresAt)) {
      throw new IllegalStateException("the invoice is still payable until " + invoiceExpiresAt);
    }
    return next(PurchaseState.EXPIRED, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty());
  }

  /**
   * The key's lifetime ended while it could still execute or be refunded ({@link #hasOutlivedKey}):
   * never used, failed and not retried, of unknown outcome and not refunded, or abandoned by an
   * executor that died. The key is dead.
   */
  public Purchase expireKey(Instant now) {
    if (!hasOutlivedKey(now)) {
      throw new IllegalStateException(isOpen(now)
          ? "the key is usable until " + keyExpiresAt.orElseThrow()
          : "cannot expire the key of a purchase in " + state + (leaseExpiresAt.isPresent() && !isLeaseLapsed(now)
              ? " while its execution holds a lease until " + leaseExpiresAt.get() : ""));
    }
    return next(PurchaseState.EXPIRED, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty());
  }

  /** The replay window closed: the stored answer is deleted, the key stays spent. */
  public Purchase forgetResponse(Instant now) {
    requireState(PurchaseState.SPENT, "forget the response of");
    if (response.isPresent() && response.get().isReplayableAt(now)) {
      throw new IllegalStateException("the response is replayable until " + response.get().replayUntil());
    }
    return next(PurchaseState.SPENT, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty());
  }

  /**
   * The housekeeping due at {@code now}, which the sweeper saves: an unpaid invoice that lapsed
   * expires, a key that outlived its lifetime expires, an abandoned purchase sold at most once is
   * recorded as of unknown outcome, a stored answer whose replay window closed is forgotten. Empty
   * when there is nothing to do, as for every final state and for a refund under way.
   */
  public Optional<Purchase> swept(Instant now) {
    if (hasOutlivedKey(now)) {
      return Optional.of(expireKey(now));
    }
    if (isAbandoned(now)) {
      return Optional.of(abandon(now));
    }
    return switch (state) {
      case AWAITING_PAYMENT -> isInvoiceLapsed(now) ? Optional.of(expireInvoice(now)) : Optional.empty();
      case SPENT -> response.filter(r -> !r.isReplayableAt(now)).map(r -> forgetResponse(now));
      default -> Optional.empty();
    };
  }

  /**
   * Whether a redemption may start an execution at {@code now}: the key is paid and unused, or its
   * execution failed, or its executor died (the lease lapsed) and it may run again, and in each case
   * the key's lifetime is not over. An execution that holds a live lease may finish after the
   * lifetime ends.
   */
  public boolean isClaimable(Instant now) {
    return isFreeToExecute(now) && !isKeyLapsed(now);
  }

  /**
   * Whether the key's lifetime is over while it could still execute or be refunded: the one rule
   * that makes the lifetime bound every open state (the redemption rules refuse such a key as
   * expired, the sweeper expires it, refunds refuse it).
   */
  public boolean hasOutlivedKey(Instant now) {
    return isOpen(now) && isKeyLapsed(now);
  }

  /** Paid and unused, failed, or claimed by an executor whose lease lapsed, and it may run again. */
  private boolean isFreeToExecute(Instant now) {
    return state == PurchaseState.PAID
        || state == PurchaseState.FAILED
        || (state == PurchaseState.EXECUTING && isLeaseLapsed(now) && !atMostOnce);
  }

  /** Free to execute, or of unknown outcome (recorded, or abandoned and not recorded yet): still owed something. */
  private boolean isOpen(Instant now) {
    return isFreeToExecute(now) || state == PurchaseState.OUTCOME_UNKNOWN || isAbandoned(now);
  }

  public boolean isInvoiceLapsed(Instant now) {
    return !now.isBefore(invoiceExpiresAt);
  }

  public boolean isKeyLapsed(Instant now) {
    return keyExpiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
  }

  public boolean isLeaseLapsed(Instant now) {
    return leaseExpiresAt.map(expiry -> !now.isBefore(expiry)).orElse(true);
  }

  private void requireState(PurchaseState expected, String action) {
    if (state != expected) {
      throw new IllegalStateException("cannot " + action + " a purchase in " + state);
    }
  }

  private Purchase next(PurchaseState nextState, Optional<Instant> nextPaidAt, Optional<Instant> nextKeyExpiry,
      Optional<Instant> nextLease, int nextAttempts, Optional<StoredResponse> nextResponse) {
    return new Purchase(keyDigest, fingerprint, paymentHash, paymentRequest, price, weight, atMostOnce, createdAt,
        invoiceExpiresAt, nextState, version + 1, nextPaidAt, nextKeyExpiry, nextLease, nextAttempts,
        nextResponse, Optional.empty());
  }

  /** A refund transition: the payment and the attempts stay, only the refund record changes. */
  private Purchase next(PurchaseState nextState, Optional<Refund> nextRefund) {
    return new Purchase(keyDigest, fingerprint, paymentHash, paymentRequest, price, weight, atMostOnce, createdAt,
        invoiceExpiresAt, nextState, version + 1, paidAt, keyExpiresAt, Optional.empty(), attempts, Optional.empty(),
        nextRefund);
  }
}
