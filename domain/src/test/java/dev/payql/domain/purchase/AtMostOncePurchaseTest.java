package dev.payql.domain.purchase;

import static dev.payql.domain.purchase.TestPurchaseFactory.CLAIMED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.COMPLETED_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.DIGEST;
import static dev.payql.domain.purchase.TestPurchaseFactory.HASH;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICED;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.KEY_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAID_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAYMENT_REQUEST;
import static dev.payql.domain.purchase.TestPurchaseFactory.PRICE;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND_FEE;
import static dev.payql.domain.purchase.TestPurchaseFactory.T0;
import static dev.payql.domain.purchase.TestPurchaseFactory.WEIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The transitions of a purchase sold at most once (a mutation, ADR 0033), and what stays as for a query. */
class AtMostOncePurchaseTest {

  @Test
  void aPurchaseRemembersFromItsSaleThatItIsSoldAtMostOnceThroughEveryTransition() {
    assertThat(TestPurchaseFactory.awaitingAtMostOnce().atMostOnce()).isTrue();
    assertThat(TestPurchaseFactory.executingAtMostOnce().atMostOnce()).isTrue();
    assertThat(TestPurchaseFactory.outcomeUnknown().startRefund(REFUND).atMostOnce()).isTrue();
    assertThat(TestPurchaseFactory.awaiting().atMostOnce()).isFalse();
  }

  @Test
  void anInterruptedExecutionOfAPurchaseSoldAtMostOnceEndsWithAnUnknownOutcome() {
    Purchase executing = TestPurchaseFactory.executingAtMostOnce();

    Purchase unknown = executing.interrupt();

    assertThat(unknown.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
    assertThat(unknown.version()).isEqualTo(executing.version() + 1);
    assertThat(unknown.leaseExpiresAt()).isEmpty();
    assertThat(unknown.attempts()).isEqualTo(1);
    assertThat(unknown.paidAt()).isEqualTo(executing.paidAt());
    assertThat(unknown.keyExpiresAt()).isEqualTo(executing.keyExpiresAt());
  }

  @Test
  void anInterruptedExecutionOfAQueryFailsExactlyAsBefore() {
    Purchase executing = TestPurchaseFactory.executing();

    assertThat(executing.interrupt()).isEqualTo(executing.fail());
  }

  @Test
  void onlyAnExecutionCanBeInterrupted() {
    assertThatThrownBy(() -> TestPurchaseFactory.outcomeUnknown().interrupt())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OUTCOME_UNKNOWN");
  }

  @Test
  void aFailureThatCertainlyDidNotReachTheApiStaysFailedAndRetryable() {
    Purchase failed = TestPurchaseFactory.executingAtMostOnce().fail();

    assertThat(failed.state()).isEqualTo(PurchaseState.FAILED);
    assertThat(failed.isClaimable(COMPLETED_AT)).isTrue();
    assertThat(failed.claim(COMPLETED_AT, LEASE).state()).isEqualTo(PurchaseState.EXECUTING);
  }

  @Test
  void aPurchaseOfUnknownOutcomeIsNeverClaimedAgain() {
    Purchase unknown = TestPurchaseFactory.outcomeUnknown();

    assertThat(unknown.isClaimable(COMPLETED_AT)).isFalse();
    assertThatThrownBy(() -> unknown.claim(COMPLETED_AT, LEASE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OUTCOME_UNKNOWN");
  }

  @Test
  void aLapsedLeaseOfAPurchaseSoldAtMostOnceIsNotClaimableButAbandoned() {
    Purchase executing = TestPurchaseFactory.executingAtMostOnce();

    assertThat(executing.isClaimable(LEASE_EXPIRES_AT)).isFalse();
    assertThat(executing.isAbandoned(LEASE_EXPIRES_AT.minusMillis(1))).isFalse();
    assertThat(executing.isAbandoned(LEASE_EXPIRES_AT)).isTrue();
    assertThatThrownBy(() -> executing.claim(LEASE_EXPIRES_AT, LEASE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLapsedLeaseOfAQueryIsClaimableAndNeverAbandoned() {
    assertThat(TestPurchaseFactory.executing().isClaimable(LEASE_EXPIRES_AT)).isTrue();
    assertThat(TestPurchaseFactory.executing().isAbandoned(LEASE_EXPIRES_AT)).isFalse();
  }

  @Test
  void abandonRecordsTheUnknownOutcomeOnceTheLeaseLapsed() {
    Purchase executing = TestPurchaseFactory.executingAtMostOnce();

    Purchase abandoned = executing.abandon(LEASE_EXPIRES_AT);

    assertThat(abandoned).isEqualTo(executing.interrupt());
  }

  @Test
  void abandonRefusesALiveLeaseAndAQuery() {
    assertThatThrownBy(() -> TestPurchaseFactory.executingAtMostOnce().abandon(LEASE_EXPIRES_AT.minusMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a lease until " + LEASE_EXPIRES_AT);
    assertThatThrownBy(() -> TestPurchaseFactory.executing().abandon(LEASE_EXPIRES_AT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("may run again");
  }

  @Test
  void aPurchaseOfUnknownOutcomeIsRefundableUntilItsKeyLapses() {
    Purchase unknown = TestPurchaseFactory.outcomeUnknown();

    assertThat(unknown.isRefundable(KEY_EXPIRES_AT.minusMillis(1))).isTrue();
    assertThat(unknown.isRefundable(KEY_EXPIRES_AT)).isFalse();
    Purchase refunding = unknown.startRefund(REFUND);
    assertThat(refunding.state()).isEqualTo(PurchaseState.REFUNDING);
    assertThat(refunding.refundPaid(REFUND_FEE).state()).isEqualTo(PurchaseState.REFUNDED);
  }

  @Test
  void aFailedRefundOfAPurchaseSoldAtMostOnceReturnsToUnknownOutcomeNeverToARetryableState() {
    Purchase fromUnknown = TestPurchaseFactory.outcomeUnknown().startRefund(REFUND).refundFailed();
    Purchase fromFailed = TestPurchaseFactory.executingAtMostOnce().fail().startRefund(REFUND).refundFailed();

    assertThat(fromUnknown.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
    assertThat(fromFailed.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
    assertThat(fromUnknown.isClaimable(COMPLETED_AT)).isFalse();
  }

  @Test
  void aFailedRefundOfAQueryMakesItFailedAgainAsBefore() {
    assertThat(TestPurchaseFactory.refunding().refundFailed().state()).isEqualTo(PurchaseState.FAILED);
  }

  @Test
  void sweptRecordsAnAbandonedExecutionOfAPurchaseSoldAtMostOnceAsOfUnknownOutcome() {
    Purchase executing = TestPurchaseFactory.executingAtMostOnce();

    assertThat(executing.swept(LEASE_EXPIRES_AT.minusMillis(1))).isEmpty();
    assertThat(executing.swept(LEASE_EXPIRES_AT)).contains(executing.abandon(LEASE_EXPIRES_AT));
  }

  @Test
  void sweptLeavesAnUnknownOutcomeRefundableUntilTheKeyLifetimeEndsThenExpiresIt() {
    Purchase unknown = TestPurchaseFactory.outcomeUnknown();

    assertThat(unknown.swept(KEY_EXPIRES_AT.minusMillis(1))).isEmpty();
    assertThat(unknown.hasOutlivedKey(KEY_EXPIRES_AT)).isTrue();
    Purchase expired = unknown.swept(KEY_EXPIRES_AT).orElseThrow();
    assertThat(expired.state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(expired).isEqualTo(unknown.expireKey(KEY_EXPIRES_AT));
  }

  @Test
  void sweptExpiresAnAbandonedExecutionPastItsKeyLifetimeDirectly() {
    Purchase lastMinute = TestPurchaseFactory.awaitingAtMostOnce().markPaid(PAID_AT, TestPurchaseFactory.KEY_LIFETIME)
        .orElseThrow().claim(KEY_EXPIRES_AT.minus(LEASE), LEASE);

    assertThat(lastMinute.swept(KEY_EXPIRES_AT).orElseThrow().state()).isEqualTo(PurchaseState.EXPIRED);
  }

  @Test
  void onlyAPurchaseSoldAtMostOnceCanHaveAnUnknownOutcome() {
    assertThatThrownBy(() -> new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, false, T0,
        INVOICE_EXPIRES_AT, PurchaseState.OUTCOME_UNKNOWN, 3, Optional.of(PAID_AT), Optional.of(KEY_EXPIRES_AT),
        Optional.empty(), 1, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most once");
  }

  @Test
  void anUnknownOutcomeIsPaidAndHoldsNoLease() {
    assertThatThrownBy(() -> new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, true, T0,
        INVOICE_EXPIRES_AT, PurchaseState.OUTCOME_UNKNOWN, 3, Optional.empty(), Optional.empty(),
        Optional.empty(), 1, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, true, T0,
        INVOICE_EXPIRES_AT, PurchaseState.OUTCOME_UNKNOWN, 3, Optional.of(PAID_AT), Optional.of(KEY_EXPIRES_AT),
        Optional.of(CLAIMED_AT.plus(LEASE)), 1, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }
}
