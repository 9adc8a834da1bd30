package dev.payql.domain.redemption;

import static dev.payql.domain.purchase.TestPurchaseFactory.CLAIMED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.COMPLETED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICED;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.KEY_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.OTHER;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAID_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.REPLAY_UNTIL;
import static dev.payql.domain.purchase.TestPurchaseFactory.T0;
import static dev.payql.domain.purchase.TestPurchaseFactory.responseBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.StoredResponse;
import dev.payql.domain.purchase.TestPurchaseFactory;
import dev.payql.domain.redemption.RedemptionDecision.Execute;
import dev.payql.domain.redemption.RedemptionDecision.Refuse;
import dev.payql.domain.redemption.RedemptionDecision.Replay;
import dev.payql.domain.request.RequestFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per branch of {@link RedemptionRules#decide}, each named after the row of DESIGN.md
 * table 1.4 it proves. Times come from the {@link TestPurchaseFactory} timeline.
 */
class RedemptionRulesTest {

  private static void assertRefused(RedemptionDecision decision, RefusalReason reason) {
    assertThat(decision).isEqualTo(Refuse.because(reason));
  }

  // ---- "invoice not paid yet" / "invoice lapsed unpaid"

  @Test
  void invoiceNotPaidYet_sameBodyBeforeExpiry_isPaymentPending() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.awaiting(), INVOICED, INVOICE_EXPIRES_AT.minusMillis(1));

    assertRefused(decision, RefusalReason.PAYMENT_PENDING);
  }

  @Test
  void bodyDiffersFromTheInvoicedOne_whileAwaitingPayment_isRequestMismatchSoTheClientLearnsBeforePaying() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.awaiting(), OTHER, INVOICE_EXPIRES_AT.minusMillis(1));

    assertRefused(decision, RefusalReason.REQUEST_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void invoiceLapsedUnpaid_awaitingPaymentPastItsExpiry_isInvoiceExpiredWhateverTheBody(boolean sameBody) {
    RequestFingerprint presented = sameBody ? INVOICED : OTHER;

    assertRefused(RedemptionRules.decide(TestPurchaseFactory.awaiting(), presented, INVOICE_EXPIRES_AT),
        RefusalReason.INVOICE_EXPIRED);
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.awaiting(), presented, INVOICE_EXPIRES_AT.plusSeconds(60)),
        RefusalReason.INVOICE_EXPIRED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void invoiceLapsedUnpaid_expiredBySweeper_isInvoiceExpiredWhateverTheBody(boolean sameBody) {
    RedemptionDecision decision = RedemptionRules.decide(
        TestPurchaseFactory.expiredUnpaid(), sameBody ? INVOICED : OTHER, INVOICE_EXPIRES_AT.plusSeconds(1));

    assertRefused(decision, RefusalReason.INVOICE_EXPIRED);
  }

  // ---- paid keys that outlived their lifetime

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void paidKeyNeverUsed_expiredBySweeper_isKeyExpiredWhateverTheBody(boolean sameBody) {
    RedemptionDecision decision = RedemptionRules.decide(
        TestPurchaseFactory.expiredAfterPayment(), sameBody ? INVOICED : OTHER, KEY_EXPIRES_AT.plusSeconds(1));

    assertRefused(decision, RefusalReason.KEY_EXPIRED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void paidKeyNeverUsed_pastItsLifetimeBeforeTheSweeperRan_isKeyExpiredWhateverTheBody(boolean sameBody) {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.paid(), sameBody ? INVOICED : OTHER, KEY_EXPIRES_AT);

    assertRefused(decision, RefusalReason.KEY_EXPIRED);
  }

  // ---- the key lifetime bounds every state that can still execute

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void executionFailed_pastTheKeyLifetime_isKeyExpiredWhateverTheBody(boolean sameBody) {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.failed(), sameBody ? INVOICED : OTHER, KEY_EXPIRES_AT);

    assertRefused(decision, RefusalReason.KEY_EXPIRED);
  }

  @Test
  void executionFailed_untilTheLastInstantOfTheKeyLifetime_executesAgain() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.failed(), INVOICED, KEY_EXPIRES_AT.minusMillis(1)))
        .isEqualTo(new Execute());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void executorDiedHoldingTheClaim_leaseLapsedPastTheKeyLifetime_isKeyExpiredWhateverTheBody(boolean sameBody) {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.executing(), sameBody ? INVOICED : OTHER, KEY_EXPIRES_AT);

    assertRefused(decision, RefusalReason.KEY_EXPIRED);
  }

  @Test
  void sameKeyBeingExecutedRightNow_claimedJustBeforeTheEndOfItsLifetime_isStillInProgressPastIt() {
    Purchase lastMinute = TestPurchaseFactory.paid().claim(KEY_EXPIRES_AT.minusSeconds(10), TestPurchaseFactory.LEASE);

    RedemptionDecision decision = RedemptionRules.decide(lastMinute, INVOICED, KEY_EXPIRES_AT.plusSeconds(5));

    assertThat(decision)
        .isEqualTo(new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.of(Duration.ofSeconds(15))));
  }

  // ---- "success"

  @Test
  void success_paidKeyWithTheInvoicedBody_executes() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.paid(), INVOICED, PAID_AT)).isEqualTo(new Execute());
  }

  @Test
  void success_aPaidKeyStaysUsableAfterTheInvoiceItselfExpiredUntilTheEndOfItsLifetime() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.paid(), INVOICED, INVOICE_EXPIRES_AT.plus(Duration.ofDays(1))))
        .isEqualTo(new Execute());
    assertThat(RedemptionRules.decide(TestPurchaseFactory.paid(), INVOICED, KEY_EXPIRES_AT.minusMillis(1)))
        .isEqualTo(new Execute());
  }

  @Test
  void bodyDiffersFromTheInvoicedOne_paidKey_isRequestMismatch() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.paid(), OTHER, PAID_AT), RefusalReason.REQUEST_MISMATCH);
  }

  // ---- "the same key is being executed right now"

  @Test
  void bodyDiffersFromTheInvoicedOne_whileExecuting_isRequestMismatch() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.executing(), OTHER, CLAIMED_AT),
        RefusalReason.REQUEST_MISMATCH);
  }

  @Test
  void bodyDiffersFromTheInvoicedOne_afterTheLeaseLapsed_isStillRequestMismatch() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.executing(), OTHER, LEASE_EXPIRES_AT),
        RefusalReason.REQUEST_MISMATCH);
  }

  @Test
  void sameKeyBeingExecutedRightNow_isRedemptionInProgressWithRetryAfterTheRemainingLease() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.executing(), INVOICED, CLAIMED_AT.plusSeconds(10));

    assertThat(decision)
        .isEqualTo(new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.of(Duration.ofSeconds(20))));
  }

  @Test
  void sameKeyBeingExecutedRightNow_retryAfterKeepsFractionsAboveOneSecond() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.executing(), INVOICED, LEASE_EXPIRES_AT.minusMillis(1_500));

    assertThat(decision)
        .isEqualTo(new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.of(Duration.ofMillis(1_500))));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 300, 999, 1_000})
  void sameKeyBeingExecutedRightNow_retryAfterIsAtLeastOneSecond(long millisLeft) {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.executing(), INVOICED, LEASE_EXPIRES_AT.minusMillis(millisLeft));

    assertThat(decision)
        .isEqualTo(new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.of(Duration.ofSeconds(1))));
  }

  @Test
  void executorDiedHoldingTheClaim_leaseLapsed_executesSoAPaidRequestIsNeverLost() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.executing(), INVOICED, LEASE_EXPIRES_AT))
        .isEqualTo(new Execute());
    assertThat(RedemptionRules.decide(TestPurchaseFactory.executing(), INVOICED, LEASE_EXPIRES_AT.plusSeconds(3600)))
        .isEqualTo(new Execute());
  }

  // ---- "execution failed": may be retried, or refunded

  @Test
  void executionFailed_sameBody_executesAgain() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.failed(), INVOICED, COMPLETED_AT)).isEqualTo(new Execute());
  }

  @Test
  void bodyDiffersFromTheInvoicedOne_afterAFailure_isRequestMismatch() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.failed(), OTHER, COMPLETED_AT),
        RefusalReason.REQUEST_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void executionFailedAndRefunded_isKeyRefundedWhateverTheBody(boolean sameBody) {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.refunded(), sameBody ? INVOICED : OTHER, COMPLETED_AT),
        RefusalReason.KEY_REFUNDED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aRefundBeingPaid_isRefundInProgressWhateverTheBody(boolean sameBody) {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.refunding(), sameBody ? INVOICED : OTHER, COMPLETED_AT),
        RefusalReason.REFUND_IN_PROGRESS);
  }

  // ---- "same key already used, same body, inside the retry window" / "otherwise"

  @Test
  void sameKeyAlreadyUsed_sameBodyInsideTheRetryWindow_replaysTheStoredResponseByteForByte() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.spent(), INVOICED, REPLAY_UNTIL.minusNanos(1));

    assertThat(decision).isInstanceOf(Replay.class);
    StoredResponse replayed = ((Replay) decision).response();
    assertThat(replayed.body()).isEqualTo(responseBody());
    assertThat(replayed.replayUntil()).isEqualTo(REPLAY_UNTIL);
  }

  @Test
  void sameKeyAlreadyUsed_sameBodyRightAfterCompletion_replays() {
    assertThat(RedemptionRules.decide(TestPurchaseFactory.spent(), INVOICED, COMPLETED_AT)).isInstanceOf(Replay.class);
  }

  @Test
  void sameKeyAlreadyUsedOtherwise_sameBodyAfterTheRetryWindowButBeforeTheSweeper_isKeySpent() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.spent(), INVOICED, REPLAY_UNTIL), RefusalReason.KEY_SPENT);
  }

  @Test
  void sameKeyAlreadyUsedOtherwise_differentBodyInsideTheRetryWindow_isKeySpent() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.spent(), OTHER, COMPLETED_AT), RefusalReason.KEY_SPENT);
  }

  @Test
  void sameKeyAlreadyUsedOtherwise_responseAlreadyForgotten_isKeySpent() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.spentAndForgotten(), INVOICED, REPLAY_UNTIL),
        RefusalReason.KEY_SPENT);
  }

  // ---- "outcome unknown": a request sold at most once (a mutation) that may have run (ADR 0033)

  @Test
  void outcomeUnknown_sameBody_isOutcomeUnknownAndNeverExecutesAgain() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.outcomeUnknown(), INVOICED, COMPLETED_AT),
        RefusalReason.OUTCOME_UNKNOWN);
  }

  @Test
  void bodyDiffersFromTheInvoicedOne_outcomeUnknown_isRequestMismatch() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.outcomeUnknown(), OTHER, COMPLETED_AT),
        RefusalReason.REQUEST_MISMATCH);
  }

  @Test
  void outcomeUnknown_pastTheKeyLifetime_isKeyExpired() {
    assertRefused(RedemptionRules.decide(TestPurchaseFactory.outcomeUnknown(), INVOICED, KEY_EXPIRES_AT),
        RefusalReason.KEY_EXPIRED);
  }

  @Test
  void executorOfAMutationDiedHoldingTheClaim_leaseLapsed_isOutcomeUnknownNotAnotherExecution() {
    Purchase abandoned = TestPurchaseFactory.executingAtMostOnce();

    assertRefused(RedemptionRules.decide(abandoned, INVOICED, LEASE_EXPIRES_AT), RefusalReason.OUTCOME_UNKNOWN);
    assertRefused(RedemptionRules.decide(abandoned, INVOICED, KEY_EXPIRES_AT), RefusalReason.KEY_EXPIRED);
  }

  @Test
  void aMutationBeingExecutedRightNow_isRedemptionInProgressAsForAQuery() {
    RedemptionDecision decision =
        RedemptionRules.decide(TestPurchaseFactory.executingAtMostOnce(), INVOICED, LEASE_EXPIRES_AT.minusSeconds(5));

    assertThat(decision).isEqualTo(new Refuse(RefusalReason.REDEMPTION_IN_PROGRESS,
        Optional.of(Duration.ofSeconds(5))));
  }

  @Test
  void aMutationWhoseExecutionCertainlyFailed_sameBody_executesAgain() {
    Purchase failed = TestPurchaseFactory.executingAtMostOnce().fail();

    assertThat(RedemptionRules.decide(failed, INVOICED, COMPLETED_AT)).isEqualTo(new Execute());
  }

  // ---- the function as a whole

  @Test
  void onlyRedemptionInProgressSaysWhenToRetry() {
    List<Instant> times = List.of(T0, CLAIMED_AT, COMPLETED_AT, REPLAY_UNTIL, KEY_EXPIRES_AT);
    for (Map.Entry<String, Purchase> entry : TestPurchaseFactory.oneOfEach().entrySet()) {
      for (RequestFingerprint presented : List.of(INVOICED, OTHER)) {
        for (Instant now : times) {
          RedemptionDecision decision = RedemptionRules.decide(entry.getValue(), presented, now);
          if (decision instanceof Refuse refuse) {
            assertThat(refuse.retryAfter().isPresent())
                .as("%s at %s", entry.getKey(), now)
                .isEqualTo(refuse.reason() == RefusalReason.REDEMPTION_IN_PROGRESS);
          }
        }
      }
    }
  }

  @Test
  void theKeyCheckReasonsAreNeverDecidedByTheRules() {
    // INVALID_API_KEY and UNKNOWN_API_KEY are decided before a purchase is found
    List<Instant> times = List.of(T0, INVOICE_EXPIRES_AT, CLAIMED_AT, LEASE_EXPIRES_AT, REPLAY_UNTIL, KEY_EXPIRES_AT);
    for (Purchase purchase : TestPurchaseFactory.oneOfEach().values()) {
      for (RequestFingerprint presented : List.of(INVOICED, OTHER)) {
        for (Instant now : times) {
          assertThat(RedemptionRules.decide(purchase, presented, now))
              .isNotEqualTo(Refuse.because(RefusalReason.INVALID_API_KEY))
              .isNotEqualTo(Refuse.because(RefusalReason.UNKNOWN_API_KEY));
        }
      }
    }
  }
}
