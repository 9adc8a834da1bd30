package dev.payql.domain.redemption;

/**
 * Why a presented key may not run the presented request now (DESIGN.md table 1.4). Each reason
 * says whether the key is still good afterwards, which is what a client needs to decide what to
 * do next.
 */
public enum RefusalReason {
  /** The key is not 64 hex characters. Decided before any purchase is looked up. */
  INVALID_API_KEY(KeyAfterwards.UNCHANGED),
  /** No purchase has this key. Decided before the rules run. */
  UNKNOWN_API_KEY(KeyAfterwards.UNCHANGED),
  /**
   * A proof of payment (a preimage, a paid invoice) that matches no purchase: a preimage of some
   * other payment, or a made-up one. Decided before the rules run.
   */
  UNKNOWN_PAYMENT(KeyAfterwards.UNCHANGED),
  /** The invoice is issued but not paid yet: pay it, then send the request again. */
  PAYMENT_PENDING(KeyAfterwards.UNCHANGED),
  /** The invoice lapsed unpaid: the key is dead, ask for a new invoice. */
  INVOICE_EXPIRED(KeyAfterwards.DEAD),
  /** The body is not the one that was invoiced: resend the right one. */
  REQUEST_MISMATCH(KeyAfterwards.UNCHANGED),
  /** The key ran its request already and this is no replay. */
  KEY_SPENT(KeyAfterwards.DEAD),
  /** Another request with this key is executing right now: retry shortly. */
  REDEMPTION_IN_PROGRESS(KeyAfterwards.UNCHANGED),
  /**
   * The key's lifetime ended before it ran its request: never used, or its execution failed (or its
   * executor died) and was not retried in time.
   */
  KEY_EXPIRED(KeyAfterwards.DEAD),
  /**
   * The request is sold at most once (a mutation) and its execution may have reached the API being
   * sold (it timed out, its answer was cut off, or its executor died): PayQL never sends it again.
   * The key can be refunded; it can never run.
   */
  OUTCOME_UNKNOWN(KeyAfterwards.UNCHANGED),
  /**
   * A refund of the failed execution is being paid: the key cannot run until the node's outcome is
   * known. If the payment fails the key is refundable and retryable again; if it succeeds it is dead.
   */
  REFUND_IN_PROGRESS(KeyAfterwards.UNCHANGED),
  /** The failed execution was refunded: the key can no longer run. */
  KEY_REFUNDED(KeyAfterwards.DEAD);

  private final KeyAfterwards keyAfterwards;

  RefusalReason(KeyAfterwards keyAfterwards) {
    this.keyAfterwards = keyAfterwards;
  }

  public KeyAfterwards keyAfterwards() {
    return keyAfterwards;
  }

  /**
   * Whether buying the presented request again would let it run: the purchase is used up, dead or
   * bought for another body. A client of a standard payment scheme (L402, Payment, x402) holds no
   * key to fix, only a request, so for these it is offered a new purchase of that request instead
   * of an error it can do nothing about.
   */
  public boolean curedByANewPurchase() {
    return switch (this) {
      case INVOICE_EXPIRED, REQUEST_MISMATCH, KEY_SPENT, KEY_EXPIRED, KEY_REFUNDED -> true;
      // a mutation whose outcome is unknown is not bought again on the buyer's behalf: it may have run
      case INVALID_API_KEY, UNKNOWN_API_KEY, UNKNOWN_PAYMENT, PAYMENT_PENDING, REDEMPTION_IN_PROGRESS,
          OUTCOME_UNKNOWN, REFUND_IN_PROGRESS -> false;
    };
  }

  /** What the refusal means for the key. */
  public enum KeyAfterwards {
    UNCHANGED,
    DEAD
  }
}
