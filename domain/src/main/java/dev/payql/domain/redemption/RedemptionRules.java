package dev.payql.domain.redemption;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.StoredResponse;
import dev.payql.domain.redemption.RedemptionDecision.Execute;
import dev.payql.domain.redemption.RedemptionDecision.Refuse;
import dev.payql.domain.redemption.RedemptionDecision.Replay;
import dev.payql.domain.request.RequestFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The redemption rules of DESIGN.md table 1.4 as one pure function: given what the store knows of
 * a purchase, the request presented with its key and the time, may it run?
 *
 * <p>Order matters where two rules apply. A dead key is reported as dead before a body mismatch
 * (resending another body cannot help); a body mismatch is reported before a pending payment (the
 * client learns early that it would fail after paying).
 */
public final class RedemptionRules {

  private static final Duration MINIMUM_RETRY = Duration.ofSeconds(1);

  private RedemptionRules() {}

  public static RedemptionDecision decide(Purchase purchase, RequestFingerprint presented, Instant now) {
    boolean sameRequest = purchase.fingerprint().equals(presented);
    return switch (purchase.state()) {
      case AWAITING_PAYMENT -> {
        if (purchase.isInvoiceLapsed(now)) {
          yield Refuse.because(RefusalReason.INVOICE_EXPIRED);
        }
        yield sameRequest
            ? Refuse.because(RefusalReason.PAYMENT_PENDING)
            : Refuse.because(RefusalReason.REQUEST_MISMATCH);
      }
      case EXPIRED -> Refuse.because(purchase.paidAt().isPresent()
          ? RefusalReason.KEY_EXPIRED
          : RefusalReason.INVOICE_EXPIRED);
      case PAID -> {
        if (purchase.hasOutlivedKey(now)) {
          yield Refuse.because(RefusalReason.KEY_EXPIRED);
        }
        yield sameRequest ? new Execute() : Refuse.because(RefusalReason.REQUEST_MISMATCH);
      }
      case EXECUTING -> {
        if (purchase.hasOutlivedKey(now)) {
          // its executor died and the key's lifetime is over: no new execution
          yield Refuse.because(RefusalReason.KEY_EXPIRED);
        }
        if (!sameRequest) {
          yield Refuse.because(RefusalReason.REQUEST_MISMATCH);
        }
        if (purchase.isAbandoned(now)) {
          // sold at most once and its executor died: the request may have been sent, never again
          yield Refuse.because(RefusalReason.OUTCOME_UNKNOWN);
        }
        if (purchase.isLeaseLapsed(now)) {
          // the executor died holding the claim: the paid request must not be lost
          yield new Execute();
        }
        Duration left = Duration.between(now, purchase.leaseExpiresAt().orElseThrow());
        yield new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS,
            Optional.of(left.compareTo(MINIMUM_RETRY) < 0 ? MINIMUM_RETRY : left));
      }
      case FAILED -> {
        if (purchase.hasOutlivedKey(now)) {
          yield Refuse.because(RefusalReason.KEY_EXPIRED);
        }
        yield sameRequest ? new Execute() : Refuse.because(RefusalReason.REQUEST_MISMATCH);
      }
      case OUTCOME_UNKNOWN -> {
        if (purchase.hasOutlivedKey(now)) {
          yield Refuse.because(RefusalReason.KEY_EXPIRED);
        }
        yield sameRequest
            ? Refuse.because(RefusalReason.OUTCOME_UNKNOWN)
            : Refuse.because(RefusalReason.REQUEST_MISMATCH);
      }
      case SPENT -> {
        Optional<StoredResponse> replayable = purchase.response().filter(r -> r.isReplayableAt(now));
        yield sameRequest && replayable.isPresent()
            ? new Replay(replayable.get())
            : Refuse.because(RefusalReason.KEY_SPENT);
      }
      // the money is on its way back: running now could serve a request that is also refunded
      case REFUNDING -> Refuse.because(RefusalReason.REFUND_IN_PROGRESS);
      case REFUNDED -> Refuse.because(RefusalReason.KEY_REFUNDED);
    };
  }
}
