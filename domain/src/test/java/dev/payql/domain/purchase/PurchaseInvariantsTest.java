package dev.payql.domain.purchase;

import static dev.payql.domain.purchase.TestPurchaseFactory.DIGEST;
import static dev.payql.domain.purchase.TestPurchaseFactory.HASH;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICED;
import static dev.payql.domain.purchase.TestPurchaseFactory.INVOICE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.KEY_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.LEASE_EXPIRES_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAID_AT;
import static dev.payql.domain.purchase.TestPurchaseFactory.PAYMENT_REQUEST;
import static dev.payql.domain.purchase.TestPurchaseFactory.PRICE;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND;
import static dev.payql.domain.purchase.TestPurchaseFactory.REFUND_FEE;
import static dev.payql.domain.purchase.TestPurchaseFactory.REPLAY_UNTIL;
import static dev.payql.domain.purchase.TestPurchaseFactory.T0;
import static dev.payql.domain.purchase.TestPurchaseFactory.raw;
import static dev.payql.domain.purchase.TestPurchaseFactory.responseBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a {@link Purchase} can never be, whoever builds it (a store reading rows, for instance). */
class PurchaseInvariantsTest {

  private static final Optional<Instant> NONE = Optional.empty();
  private static final Optional<Instant> PAID = Optional.of(PAID_AT);
  private static final Optional<Instant> KEY_EXPIRY = Optional.of(KEY_EXPIRES_AT);
  private static final Optional<Instant> LEASE = Optional.of(LEASE_EXPIRES_AT);
  private static final Optional<StoredResponse> RESPONSE = Optional.of(new StoredResponse(responseBody(), REPLAY_UNTIL));

  @Test
  void aPurchaseJustSoldAwaitsPaymentAtVersionZeroWithNothingElseSet() {
    Purchase purchase = TestPurchaseFactory.awaiting();

    assertThat(purchase.state()).isEqualTo(PurchaseState.AWAITING_PAYMENT);
    assertThat(purchase.version()).isZero();
    assertThat(purchase.attempts()).isZero();
    assertThat(purchase.paidAt()).isEmpty();
    assertThat(purchase.keyExpiresAt()).isEmpty();
    assertThat(purchase.leaseExpiresAt()).isEmpty();
    assertThat(purchase.response()).isEmpty();
  }

  @Test
  void everyConsistentStateCanBeBuilt() {
    assertThat(raw(PurchaseState.AWAITING_PAYMENT, NONE, NONE, NONE, Optional.empty()).state())
        .isEqualTo(PurchaseState.AWAITING_PAYMENT);
    assertThat(raw(PurchaseState.PAID, PAID, KEY_EXPIRY, NONE, Optional.empty()).state()).isEqualTo(PurchaseState.PAID);
    assertThat(raw(PurchaseState.EXECUTING, PAID, KEY_EXPIRY, LEASE, Optional.empty()).state())
        .isEqualTo(PurchaseState.EXECUTING);
    assertThat(raw(PurchaseState.SPENT, PAID, KEY_EXPIRY, NONE, RESPONSE).response()).isEqualTo(RESPONSE);
    assertThat(raw(PurchaseState.SPENT, PAID, KEY_EXPIRY, NONE, Optional.empty()).response()).isEmpty();
    assertThat(raw(PurchaseState.FAILED, PAID, KEY_EXPIRY, NONE, Optional.empty()).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(raw(PurchaseState.REFUNDING, PAID, KEY_EXPIRY, NONE, Optional.empty(), Optional.of(REFUND)).refund())
        .contains(REFUND);
    assertThat(raw(PurchaseState.REFUNDED, PAID, KEY_EXPIRY, NONE, Optional.empty()).state())
        .isEqualTo(PurchaseState.REFUNDED);
    assertThat(TestPurchaseFactory.refunded().refund().orElseThrow().fee()).contains(REFUND_FEE);
    assertThat(raw(PurchaseState.EXPIRED, NONE, NONE, NONE, Optional.empty()).paidAt()).isEmpty();
    assertThat(raw(PurchaseState.EXPIRED, PAID, KEY_EXPIRY, NONE, Optional.empty()).paidAt()).isEqualTo(PAID);
  }

  @Test
  void anUnpaidPurchaseCannotHaveAPaymentTime() {
    assertThatThrownBy(() -> raw(PurchaseState.AWAITING_PAYMENT, PAID, KEY_EXPIRY, NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payment time");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"PAID", "EXECUTING", "SPENT", "FAILED", "REFUNDING", "REFUNDED"})
  void aPaidStateNeedsAPaymentTime(PurchaseState state) {
    Optional<Instant> lease = state == PurchaseState.EXECUTING ? LEASE : NONE;

    Optional<Refund> refund = state == PurchaseState.REFUNDING ? Optional.of(REFUND) : Optional.empty();

    assertThatThrownBy(() -> raw(state, NONE, NONE, lease, Optional.empty(), refund))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payment time");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"PAID", "FAILED", "REFUNDED", "SPENT", "EXPIRED"})
  void aPaymentTimeAndAKeyExpiryComeTogether(PurchaseState state) {
    assertThatThrownBy(() -> raw(state, PAID, NONE, NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> raw(state, NONE, KEY_EXPIRY, NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExecutingPurchaseNeedsALease() {
    assertThatThrownBy(() -> raw(PurchaseState.EXECUTING, PAID, KEY_EXPIRY, NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = "EXECUTING", mode = EnumSource.Mode.EXCLUDE)
  void noOtherStateHasALease(PurchaseState state) {
    boolean paid = state != PurchaseState.AWAITING_PAYMENT && state != PurchaseState.EXPIRED;

    assertThatThrownBy(() -> raw(state, paid ? PAID : NONE, paid ? KEY_EXPIRY : NONE, LEASE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"PAID", "EXECUTING", "FAILED", "REFUNDING", "REFUNDED", "EXPIRED"})
  void onlyASpentPurchaseKeepsAResponse(PurchaseState state) {
    Optional<Instant> lease = state == PurchaseState.EXECUTING ? LEASE : NONE;

    assertThatThrownBy(() -> raw(state, PAID, KEY_EXPIRY, lease, RESPONSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("response");
  }

  @Test
  void anUnpaidPurchaseKeepsNoResponseEither() {
    assertThatThrownBy(() -> raw(PurchaseState.AWAITING_PAYMENT, NONE, NONE, NONE, RESPONSE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInvoiceMustExpireAfterThePurchaseIsCreated() {
    assertThatThrownBy(() -> Purchase.awaitingPayment(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, 1, T0, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expire after");
  }

  @Test
  void theWeightCannotBeNegative() {
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, -1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight");
  }

  @Test
  void theVersionAndTheAttemptsCannotBeNegative() {
    assertThatThrownBy(() -> new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, 1, false, T0, INVOICE_EXPIRES_AT,
        PurchaseState.AWAITING_PAYMENT, -1, NONE, NONE, NONE, 0, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, 1, false, T0, INVOICE_EXPIRES_AT,
        PurchaseState.AWAITING_PAYMENT, 0, NONE, NONE, NONE, -1, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theIdentityOfAPurchaseIsRequired() {
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        null, INVOICED, HASH, PAYMENT_REQUEST, PRICE, 1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        DIGEST, null, HASH, PAYMENT_REQUEST, PRICE, 1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        DIGEST, INVOICED, null, PAYMENT_REQUEST, PRICE, 1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        DIGEST, INVOICED, HASH, null, PRICE, 1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Purchase.awaitingPayment(
        DIGEST, INVOICED, HASH, PAYMENT_REQUEST, null, 1, T0, INVOICE_EXPIRES_AT))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRefundingPurchaseRecordsItsRefund() {
    assertThatThrownBy(() -> raw(PurchaseState.REFUNDING, PAID, KEY_EXPIRY, NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refund");
  }

  @Test
  void aRefundBeingPaidHasNoFeeYetAndAPaidOneHasItsFee() {
    Refund paid = TestPurchaseFactory.refunded().refund().orElseThrow();

    assertThatThrownBy(() -> raw(PurchaseState.REFUNDING, PAID, KEY_EXPIRY, NONE, Optional.empty(), Optional.of(paid)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refund");
    assertThatThrownBy(() -> raw(PurchaseState.REFUNDED, PAID, KEY_EXPIRY, NONE, Optional.empty(), Optional.of(REFUND)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refund");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"REFUNDING", "REFUNDED"}, mode = EnumSource.Mode.EXCLUDE)
  void noOtherStateRecordsARefund(PurchaseState state) {
    boolean paid = state != PurchaseState.AWAITING_PAYMENT && state != PurchaseState.EXPIRED;
    Optional<Instant> lease = state == PurchaseState.EXECUTING ? LEASE : NONE;

    assertThatThrownBy(() -> raw(state, paid ? PAID : NONE, paid ? KEY_EXPIRY : NONE, lease, Optional.empty(),
        Optional.of(REFUND)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refund");
  }

  @Test
  void aRefundIsNeverMoreThanWasPaid() {
    Refund greedy = Refund.requested(REFUND.paymentHash(), REFUND.paymentRequest(), PRICE.msat().plus(Msat.of(1)),
        REFUND.requestedAt());

    assertThatThrownBy(() -> TestPurchaseFactory.failed().startRefund(greedy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than");
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"SPENT", "REFUNDED", "EXPIRED"})
  void spentRefundedAndExpiredAreFinal(PurchaseState state) {
    assertThat(state.isFinal()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = PurchaseState.class, names = {"AWAITING_PAYMENT", "PAID", "EXECUTING", "FAILED", "OUTCOME_UNKNOWN",
      "REFUNDING"})
  void theOtherStatesAreLeftAgain(PurchaseState state) {
    assertThat(state.isFinal()).isFalse();
  }
}
