package dev.payql.domain.purchase;

import static dev.payql.domain.purchase.TestPurchaseFactory.CLAIMED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.COMPLETED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.KEY_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.KEY_LIFETIME;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAID_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND_FEE;
import static dev.payql.domain.purchase.TestPurchaseFactory.REPLAY_UNTIL;
import static dev.payql.domain.purchase.TestPurchaseFactory.REPLAY_WINDOW;
import static dev.payql.domain.purchase.TestPurchaseFactory.T0;
import static dev.payql.domain.purchase.TestPurchaseFactory.responseBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine of DESIGN.md section 2, one transition at a time. */
class PurchaseTransitionsTest {

  private static final Instant LATE = KEY_EXPIRES_AT.plus(Duration.ofDays(1));

  /** Purchases in every state but the named ones. */
  private static Stream<Named<Purchase>> allBut(String... names) {
    Set<String> excluded = Set.of(names);
    return TestPurchaseFactory.oneOfEach().entrySet().stream()
        .filter(entry -> !excluded.contains(entry.getKey()))
        .map(entry -> Named.of(entry.getKey(), entry.getValue()));
  }

  /** The fields no transition may touch. */
  private static void assertSameIdentity(Purchase after, Purchase before) {
    assertThat(after)
        .usingRecursiveComparison()
        .comparingOnlyFields("keyDigest", "fingerprint", "paymentHash", "paymentRequest", "price", "weight",
            "createdAt", "invoiceExpiresAt")
        .isEqualTo(before);
  }

  // ---- markPaid

  @Test
  void markPaidMakesAnAwaitingPurchasePaidWithTheKeyLifetimeRunningFromTheSettlement() {
    Purchase awaiting = TestPurchaseFactory.awaiting();

    Purchase paid = awaiting.markPaid(PAID_AT, KEY_LIFETIME).orElseThrow();

    assertThat(paid.state()).isEqualTo(PurchaseState.PAID);
    assertThat(paid.paidAt()).contains(PAID_AT);
    assertThat(paid.keyExpiresAt()).contains(PAID_AT.plus(KEY_LIFETIME));
    assertThat(paid.version()).isEqualTo(awaiting.version() + 1);
    assertThat(paid.attempts()).isZero();
    assertSameIdentity(paid, awaiting);
  }

  @Test
  void aSettlementTimeBeforeTheSaleStillGivesTheWholeKeyLifetimeFromTheSale() {
    // the node's clock may lag PayQL's: the buyer must not lose lifetime to clock skew
    Instant skewed = T0.minusSeconds(5);

    Purchase paid = TestPurchaseFactory.awaiting().markPaid(skewed, KEY_LIFETIME).orElseThrow();

    assertThat(paid.paidAt()).contains(skewed);
    assertThat(paid.keyExpiresAt()).contains(T0.plus(KEY_LIFETIME));
  }

  @Test
  void markPaidIsIdempotentBecauseSettlementsArriveMoreThanOnce() {
    Purchase paid = TestPurchaseFactory.paid();

    assertThat(paid.markPaid(PAID_AT, KEY_LIFETIME)).isEmpty();
    assertThat(paid.markPaid(PAID_AT.plusSeconds(30), KEY_LIFETIME)).isEmpty();
  }

  @Test
  void aPaymentSeenAfterTheSweeperExpiredTheUnpaidInvoiceStillMakesThePurchasePaid() {
    Purchase expired = TestPurchaseFactory.expiredUnpaid();
    Instant seen = INVOICE_EXPIRES_AT.plusSeconds(5);

    Purchase paid = expired.markPaid(seen, KEY_LIFETIME).orElseThrow();

    assertThat(paid.state()).isEqualTo(PurchaseState.PAID);
    assertThat(paid.paidAt()).contains(seen);
    assertThat(paid.keyExpiresAt()).contains(seen.plus(KEY_LIFETIME));
    assertThat(paid.version()).isEqualTo(expired.version() + 1);
  }

  @ParameterizedTest
  @MethodSource("allButUnpaid")
  void markPaidChangesNothingOnceThePurchaseWasPaid(Purchase alreadyPaid) {
    assertThat(alreadyPaid.markPaid(LATE, KEY_LIFETIME)).isEmpty();
  }

  static Stream<Named<Purchase>> allButUnpaid() {
    return allBut("AWAITING_PAYMENT", "EXPIRED (unpaid)");
  }

  // ---- claim

  @Test
  void claimingAPaidPurchaseStartsTheFirstAttemptUnderALease() {
    Purchase paid = TestPurchaseFactory.paid();

    Purchase executing = paid.claim(CLAIMED_AT, LEASE);

    assertThat(executing.state()).isEqualTo(PurchaseState.EXECUTING);
    assertThat(executing.leaseExpiresAt()).contains(CLAIMED_AT.plus(LEASE));
    assertThat(executing.attempts()).isEqualTo(1);
    assertThat(executing.version()).isEqualTo(paid.version() + 1);
    assertThat(executing.paidAt()).isEqualTo(paid.paidAt());
    assertThat(executing.keyExpiresAt()).isEqualTo(paid.keyExpiresAt());
    assertSameIdentity(executing, paid);
  }

  @Test
  void claimingAFailedPurchaseIsARetryAndCountsAsAnotherAttempt() {
    Purchase failed = TestPurchaseFactory.failed();
    Instant retry = COMPLETED_AT.plusSeconds(60);

    Purchase executing = failed.claim(retry, LEASE);

    assertThat(executing.state()).isEqualTo(PurchaseState.EXECUTING);
    assertThat(executing.leaseExpiresAt()).contains(retry.plus(LEASE));
    assertThat(executing.attempts()).isEqualTo(2);
    assertThat(executing.version()).isEqualTo(failed.version() + 1);
  }

  @Test
  void anExecutingPurchaseWhoseLeaseLapsedCanBeClaimedAgainBecauseItsExecutorDied() {
    Purchase executing = TestPurchaseFactory.executing();

    Purchase reclaimed = executing.claim(LEASE_EXPIRES_AT, LEASE);

    assertThat(reclaimed.state()).isEqualTo(PurchaseState.EXECUTING);
    assertThat(reclaimed.leaseExpiresAt()).contains(LEASE_EXPIRES_AT.plus(LEASE));
    assertThat(reclaimed.attempts()).isEqualTo(2);
    assertThat(reclaimed.version()).isEqualTo(executing.version() + 1);
  }

  @Test
  void anExecutingPurchaseWhoseLeaseIsActiveCannotBeClaimed() {
    Purchase executing = TestPurchaseFactory.executing();

    assertThatThrownBy(() -> executing.claim(LEASE_EXPIRES_AT.minusMillis(1), LEASE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EXECUTING");
  }

  @ParameterizedTest
  @MethodSource("notClaimable")
  void noOtherStateCanBeClaimed(Purchase purchase) {
    assertThatThrownBy(() -> purchase.claim(CLAIMED_AT, LEASE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(purchase.state().name());
  }

  static Stream<Named<Purchase>> notClaimable() {
    return allBut("PAID", "FAILED", "EXECUTING");
  }

  // ---- complete

  @Test
  void completingAnExecutionSpendsTheKeyAndKeepsTheAnswerForTheReplayWindow() {
    Purchase executing = TestPurchaseFactory.executing();

    Purchase spent = executing.complete(responseBody(), COMPLETED_AT, REPLAY_WINDOW);

    assertThat(spent.state()).isEqualTo(PurchaseState.SPENT);
    assertThat(spent.response()).contains(new StoredResponse(responseBody(), COMPLETED_AT.plus(REPLAY_WINDOW)));
    assertThat(spent.leaseExpiresAt()).isEmpty();
    assertThat(spent.attempts()).isEqualTo(executing.attempts());
    assertThat(spent.version()).isEqualTo(executing.version() + 1);
    assertSameIdentity(spent, executing);
  }

  @ParameterizedTest
  @MethodSource("allButExecuting")
  void onlyAnExecutingPurchaseCanComplete(Purchase purchase) {
    assertThatThrownBy(() -> purchase.complete(responseBody(), LATE, REPLAY_WINDOW))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---- fail

  @Test
  void aFailedExecutionReleasesTheLeaseAndKeepsThePayment() {
    Purchase executing = TestPurchaseFactory.executing();

    Purchase failed = executing.fail();

    assertThat(failed.state()).isEqualTo(PurchaseState.FAILED);
    assertThat(failed.leaseExpiresAt()).isEmpty();
    assertThat(failed.paidAt()).isEqualTo(executing.paidAt());
    assertThat(failed.response()).isEmpty();
    assertThat(failed.attempts()).isEqualTo(executing.attempts());
    assertThat(failed.version()).isEqualTo(executing.version() + 1);
    assertSameIdentity(failed, executing);
  }

  @ParameterizedTest
  @MethodSource("allButExecuting")
  void onlyAnExecutingPurchaseCanFail(Purchase purchase) {
    assertThatThrownBy(purchase::fail).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Named<Purchase>> allButExecuting() {
    return allBut("EXECUTING");
  }

  // ---- startRefund, refundPaid, refundFailed

  @Test
  void startingARefundRecordsItBeforeAnythingIsPaidAndKeepsThePayment() {
    Purchase failed = TestPurchaseFactory.failed();

    Purchase refunding = failed.startRefund(REFUND);

    assertThat(refunding.state()).isEqualTo(PurchaseState.REFUNDING);
    assertThat(refunding.refund()).contains(REFUND);
    assertThat(refunding.paidAt()).isEqualTo(failed.paidAt());
    assertThat(refunding.keyExpiresAt()).isEqualTo(failed.keyExpiresAt());
    assertThat(refunding.attempts()).isEqualTo(failed.attempts());
    assertThat(refunding.version()).isEqualTo(failed.version() + 1);
    assertSameIdentity(refunding, failed);
  }

  @ParameterizedTest
  @MethodSource("allButFailed")
  void onlyAFailedPurchaseOrOneOfUnknownOutcomeCanBeRefunded(Purchase purchase) {
    assertThatThrownBy(() -> purchase.startRefund(REFUND))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refund");
  }

  static Stream<Named<Purchase>> allButFailed() {
    return allBut("FAILED", "OUTCOME_UNKNOWN");
  }

  @Test
  void aPaidRefundEndsThePurchaseWithTheFeeItCost() {
    Purchase refunding = TestPurchaseFactory.refunding();

    Purchase refunded = refunding.refundPaid(REFUND_FEE);

    assertThat(refunded.state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(refunded.refund()).hasValueSatisfying(refund -> {
      assertThat(refund.paymentHash()).isEqualTo(REFUND.paymentHash());
      assertThat(refund.amount()).isEqualTo(REFUND.amount());
      assertThat(refund.fee()).contains(REFUND_FEE);
    });
    assertThat(refunded.version()).isEqualTo(refunding.version() + 1);
    assertSameIdentity(refunded, refunding);
  }

  @Test
  void aFailedRefundPaymentMakesThePurchaseRefundableAndRetryableAgain() {
    Purchase refunding = TestPurchaseFactory.refunding();

    Purchase failedAgain = refunding.refundFailed();

    assertThat(failedAgain.state()).isEqualTo(PurchaseState.FAILED);
    assertThat(failedAgain.refund()).isEmpty();
    assertThat(failedAgain.paidAt()).isEqualTo(refunding.paidAt());
    assertThat(failedAgain.version()).isEqualTo(refunding.version() + 1);
    assertSameIdentity(failedAgain, refunding);
    assertThat(failedAgain.startRefund(REFUND).state()).isEqualTo(PurchaseState.REFUNDING);
    assertThat(failedAgain.claim(KEY_EXPIRES_AT.minusSeconds(1), LEASE).state()).isEqualTo(PurchaseState.EXECUTING);
  }

  @ParameterizedTest
  @MethodSource("allButRefunding")
  void onlyARefundingPurchaseCanRecordTheRefundsOutcome(Purchase purchase) {
    assertThatThrownBy(() -> purchase.refundPaid(REFUND_FEE)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(purchase::refundFailed).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Named<Purchase>> allButRefunding() {
    return allBut("REFUNDING");
  }

  // ---- expireInvoice

  @Test
  void anUnpaidInvoiceExpiresAtItsExpiryInstant() {
    Purchase awaiting = TestPurchaseFactory.awaiting();

    Purchase expired = awaiting.expireInvoice(INVOICE_EXPIRES_AT);

    assertThat(expired.state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(expired.paidAt()).isEmpty();
    assertThat(expired.keyExpiresAt()).isEmpty();
    assertThat(expired.version()).isEqualTo(awaiting.version() + 1);
    assertSameIdentity(expired, awaiting);
  }

  @Test
  void anInvoiceThatIsStillPayableCannotBeExpired() {
    assertThatThrownBy(() -> TestPurchaseFactory.awaiting().expireInvoice(INVOICE_EXPIRES_AT.minusMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still payable");
  }

  @ParameterizedTest
  @MethodSource("allButAwaiting")
  void onlyAnAwaitingPurchaseCanHaveItsInvoiceExpired(Purchase purchase) {
    assertThatThrownBy(() -> purchase.expireInvoice(LATE)).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Named<Purchase>> allButAwaiting() {
    return allBut("AWAITING_PAYMENT");
  }

  // ---- expireKey

  @Test
  void aPaidKeyNeverUsedExpiresAtTheEndOfItsLifetimeAndRemembersItWasPaid() {
    Purchase paid = TestPurchaseFactory.paid();

    Purchase expired = paid.expireKey(KEY_EXPIRES_AT);

    assertThat(expired.state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(expired.paidAt()).contains(PAID_AT);
    assertThat(expired.keyExpiresAt()).contains(KEY_EXPIRES_AT);
    assertThat(expired.version()).isEqualTo(paid.version() + 1);
    assertSameIdentity(expired, paid);
  }

  @Test
  void aKeyInsideItsLifetimeCannotBeExpired() {
    assertThatThrownBy(() -> TestPurchaseFactory.paid().expireKey(KEY_EXPIRES_AT.minusMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("usable until");
  }

  @Test
  void aFailedKeyNobodyRetriedExpiresAtTheEndOfItsLifetime() {
    Purchase failed = TestPurchaseFactory.failed();

    Purchase expired = failed.expireKey(KEY_EXPIRES_AT);

    assertThat(expired.state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(expired.paidAt()).contains(PAID_AT);
    assertThat(expired.attempts()).isEqualTo(failed.attempts());
    assertSameIdentity(expired, failed);
  }

  @Test
  void aKeyWhoseExecutorDiedExpiresAtTheEndOfItsLifetimeAndLosesItsLease() {
    Purchase abandoned = TestPurchaseFactory.executing();

    Purchase expired = abandoned.expireKey(KEY_EXPIRES_AT);

    assertThat(expired.state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(expired.leaseExpiresAt()).isEmpty();
    assertSameIdentity(expired, abandoned);
  }

  @Test
  void anExecutionHoldingALiveLeaseIsNotExpiredEvenPastTheKeyLifetime() {
    Purchase lastMinute = TestPurchaseFactory.paid().claim(KEY_EXPIRES_AT.minusSeconds(10), LEASE);

    assertThatThrownBy(() -> lastMinute.expireKey(KEY_EXPIRES_AT.plusSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a lease");
    assertThat(lastMinute.hasOutlivedKey(KEY_EXPIRES_AT.plusSeconds(5))).isFalse();
    assertThat(lastMinute.hasOutlivedKey(KEY_EXPIRES_AT.plusSeconds(20))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("neverExecutableAgain")
  void onlyAKeyThatCouldStillExecuteCanHaveItsKeyExpired(Purchase purchase) {
    assertThatThrownBy(() -> purchase.expireKey(LATE)).isInstanceOf(IllegalStateException.class);
    assertThat(purchase.hasOutlivedKey(LATE)).isFalse();
  }

  static Stream<Named<Purchase>> neverExecutableAgain() {
    // OUTCOME_UNKNOWN never executes but can still be refunded, so its key lifetime ends it too
    return allBut("PAID", "FAILED", "EXECUTING", "OUTCOME_UNKNOWN");
  }

  @ParameterizedTest
  @MethodSource("couldStillExecute")
  void aKeyPastItsLifetimeCannotBeClaimed(Purchase purchase) {
    assertThat(purchase.isClaimable(KEY_EXPIRES_AT.minusMillis(1))).isTrue();
    assertThat(purchase.isClaimable(KEY_EXPIRES_AT)).isFalse();
    assertThatThrownBy(() -> purchase.claim(KEY_EXPIRES_AT, LEASE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lapsed at " + KEY_EXPIRES_AT);
  }

  static Stream<Named<Purchase>> couldStillExecute() {
    return Stream.of(Named.of("PAID", TestPurchaseFactory.paid()), Named.of("FAILED", TestPurchaseFactory.failed()),
        Named.of("EXECUTING with a lapsed lease", TestPurchaseFactory.executing()));
  }

  // ---- swept: the housekeeping due at an instant, one test per kind

  @Test
  void sweptExpiresAnUnpaidInvoiceOnceItLapsed() {
    assertThat(TestPurchaseFactory.awaiting().swept(INVOICE_EXPIRES_AT.minusMillis(1))).isEmpty();
    assertThat(TestPurchaseFactory.awaiting().swept(INVOICE_EXPIRES_AT)).get()
        .isEqualTo(TestPurchaseFactory.awaiting().expireInvoice(INVOICE_EXPIRES_AT));
  }

  @ParameterizedTest
  @MethodSource("couldStillExecute")
  void sweptExpiresAKeyThatCouldStillExecuteOnceItsLifetimeIsOver(Purchase purchase) {
    assertThat(purchase.swept(KEY_EXPIRES_AT.minusMillis(1))).isEmpty();
    assertThat(purchase.swept(KEY_EXPIRES_AT)).get().isEqualTo(purchase.expireKey(KEY_EXPIRES_AT));
  }

  @Test
  void sweptLeavesAnExecutionHoldingALiveLeaseAloneEvenPastTheKeyLifetime() {
    Purchase lastMinute = TestPurchaseFactory.paid().claim(KEY_EXPIRES_AT.minusSeconds(10), LEASE);

    assertThat(lastMinute.swept(KEY_EXPIRES_AT.plusSeconds(5))).isEmpty();
  }

  @Test
  void sweptForgetsAStoredAnswerOnceItsReplayWindowClosed() {
    assertThat(TestPurchaseFactory.spent().swept(REPLAY_UNTIL.minusMillis(1))).isEmpty();
    assertThat(TestPurchaseFactory.spent().swept(REPLAY_UNTIL)).get()
        .isEqualTo(TestPurchaseFactory.spent().forgetResponse(REPLAY_UNTIL));
  }

  @ParameterizedTest
  @MethodSource("withNothingToSweep")
  void sweptHasNothingToDoForAPurchaseThatCanNeverChangeAgainByItself(Purchase purchase) {
    assertThat(purchase.swept(LATE)).isEmpty();
  }

  static Stream<Named<Purchase>> withNothingToSweep() {
    return Stream.of("SPENT (response forgotten)", "REFUNDED", "EXPIRED (unpaid)", "EXPIRED (after payment)")
        .map(name -> Named.of(name, TestPurchaseFactory.oneOfEach().get(name)));
  }

  // ---- forgetResponse

  @Test
  void theStoredResponseIsForgottenOnceTheReplayWindowClosesAndTheKeyStaysSpent() {
    Purchase spent = TestPurchaseFactory.spent();

    Purchase forgotten = spent.forgetResponse(REPLAY_UNTIL);

    assertThat(forgotten.state()).isEqualTo(PurchaseState.SPENT);
    assertThat(forgotten.response()).isEmpty();
    assertThat(forgotten.version()).isEqualTo(spent.version() + 1);
    assertSameIdentity(forgotten, spent);
  }

  @Test
  void aResponseInsideItsReplayWindowCannotBeForgotten() {
    assertThatThrownBy(() -> TestPurchaseFactory.spent().forgetResponse(REPLAY_UNTIL.minusMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replayable until");
  }

  @ParameterizedTest
  @MethodSource("allButSpent")
  void onlyASpentPurchaseCanForgetItsResponse(Purchase purchase) {
    assertThatThrownBy(() -> purchase.forgetResponse(LATE)).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Named<Purchase>> allButSpent() {
    return allBut("SPENT", "SPENT (response forgotten)");
  }

  // ---- every transition

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyTransition")
  void everyTransitionRaisesTheVersionByExactlyOne(Purchase before, UnaryOperator<Purchase> transition) {
    assertThat(transition.apply(before).version()).isEqualTo(before.version() + 1);
  }

  static Stream<Arguments> everyTransition() {
    return Stream.of(
        transition("markPaid from AWAITING_PAYMENT", TestPurchaseFactory.awaiting(),
            p -> p.markPaid(PAID_AT, KEY_LIFETIME).orElseThrow()),
        transition("markPaid from EXPIRED (unpaid)", TestPurchaseFactory.expiredUnpaid(),
            p -> p.markPaid(LATE, KEY_LIFETIME).orElseThrow()),
        transition("claim from PAID", TestPurchaseFactory.paid(), p -> p.claim(CLAIMED_AT, LEASE)),
        transition("claim from FAILED", TestPurchaseFactory.failed(), p -> p.claim(COMPLETED_AT.plusSeconds(60), LEASE)),
        transition("claim from EXECUTING with a lapsed lease", TestPurchaseFactory.executing(),
            p -> p.claim(LEASE_EXPIRES_AT, LEASE)),
        transition("complete", TestPurchaseFactory.executing(),
            p -> p.complete(responseBody(), COMPLETED_AT, REPLAY_WINDOW)),
        transition("fail", TestPurchaseFactory.executing(), Purchase::fail),
        transition("startRefund", TestPurchaseFactory.failed(), p -> p.startRefund(REFUND)),
        transition("refundPaid", TestPurchaseFactory.refunding(), p -> p.refundPaid(REFUND_FEE)),
        transition("refundFailed", TestPurchaseFactory.refunding(), Purchase::refundFailed),
        transition("expireInvoice", TestPurchaseFactory.awaiting(), p -> p.expireInvoice(INVOICE_EXPIRES_AT)),
        transition("expireKey", TestPurchaseFactory.paid(), p -> p.expireKey(KEY_EXPIRES_AT)),
        transition("expireKey from FAILED", TestPurchaseFactory.failed(), p -> p.expireKey(KEY_EXPIRES_AT)),
        transition("expireKey from EXECUTING with a lapsed lease", TestPurchaseFactory.executing(),
            p -> p.expireKey(KEY_EXPIRES_AT)),
        transition("forgetResponse", TestPurchaseFactory.spent(), p -> p.forgetResponse(REPLAY_UNTIL)));
  }

  private static Arguments transition(String name, Purchase before, UnaryOperator<Purchase> transition) {
    return Arguments.of(Named.of(name, before), transition);
  }

  @Test
  void theFactoryTimelineVersionsCountTheTransitionsTaken() {
    assertThat(TestPurchaseFactory.awaiting().version()).isZero();
    assertThat(TestPurchaseFactory.paid().version()).isEqualTo(1);
    assertThat(TestPurchaseFactory.executing().version()).isEqualTo(2);
    assertThat(TestPurchaseFactory.spent().version()).isEqualTo(3);
    assertThat(TestPurchaseFactory.refunding().version()).isEqualTo(4);
    assertThat(TestPurchaseFactory.refunded().version()).isEqualTo(5);
  }

  // ---- lapse checks

  @Test
  void theInvoiceLapsesAtItsExpiryInstant() {
    Purchase awaiting = TestPurchaseFactory.awaiting();

    assertThat(awaiting.isInvoiceLapsed(INVOICE_EXPIRES_AT.minusNanos(1))).isFalse();
    assertThat(awaiting.isInvoiceLapsed(INVOICE_EXPIRES_AT)).isTrue();
  }

  @Test
  void theKeyLapsesAtItsExpiryInstantAndAnUnpaidKeyHasNoLifetimeToLapse() {
    assertThat(TestPurchaseFactory.paid().isKeyLapsed(KEY_EXPIRES_AT.minusNanos(1))).isFalse();
    assertThat(TestPurchaseFactory.paid().isKeyLapsed(KEY_EXPIRES_AT)).isTrue();
    assertThat(TestPurchaseFactory.awaiting().isKeyLapsed(LATE)).isFalse();
  }

  @Test
  void theLeaseLapsesAtItsExpiryInstantAndNoLeaseCountsAsLapsed() {
    assertThat(TestPurchaseFactory.executing().isLeaseLapsed(LEASE_EXPIRES_AT.minusNanos(1))).isFalse();
    assertThat(TestPurchaseFactory.executing().isLeaseLapsed(LEASE_EXPIRES_AT)).isTrue();
    assertThat(TestPurchaseFactory.paid().isLeaseLapsed(CLAIMED_AT)).isTrue();
  }
}
