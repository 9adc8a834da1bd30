package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.RefundFeeLimit;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RefundUseCase.Reason;
import dev.payql.ports.in.RefundUseCase.RefundOutcome;
import dev.payql.ports.in.RefundUseCase.RefundPending;
import dev.payql.ports.in.RefundUseCase.RefundRefused;
import dev.payql.ports.in.RefundUseCase.Refunded;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.testing.FakeLightningNode;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefundServiceTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();
  private final RefundService refunds = new RefundService(shop.store, shop.node, shop.clock);

  private Issued failedPurchase() {
    return shop.buyPayAndFail(REQUEST);
  }

  private Purchase stored(Issued issued) {
    return shop.stored(issued);
  }

  private static Reason reasonOf(RefundOutcome outcome) {
    assertThat(outcome).isInstanceOf(RefundRefused.class);
    return ((RefundRefused) outcome).reason();
  }

  @Test
  void aFailedRequestIsRefundedOnceToTheBuyersInvoiceAndTheRefundIsKept() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(issued.price().msat());

    RefundOutcome first = refunds.refund(issued.key().reveal(), invoice.text());
    RefundOutcome second = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text());

    assertThat(first).isInstanceOfSatisfying(Refunded.class, r -> assertThat(r.amount()).isEqualTo(issued.price().msat()));
    assertThat(reasonOf(second)).isEqualTo(Reason.NOT_REFUNDABLE);
    assertThat(shop.node.payments()).containsExactly(invoice);
    Purchase refunded = stored(issued);
    assertThat(refunded.state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(refunded.refund()).hasValueSatisfying(refund -> {
      assertThat(refund.paymentRequest()).isEqualTo(invoice);
      assertThat(refund.paymentHash()).isEqualTo(shop.node.decode(invoice).paymentHash());
      assertThat(refund.amount()).isEqualTo(issued.price().msat());
      assertThat(refund.fee()).contains(FakeLightningNode.ROUTING_FEE);
      assertThat(refund.requestedAt()).isEqualTo(shop.clock.instant());
    });
  }

  @Test
  void aFailedKeyPastItsLifetimeIsNoLongerRefundedAndNothingIsPaid() {
    Issued issued = failedPurchase();
    shop.clock.advance(Shop.POLICY.keyLifetime());

    RefundOutcome outcome = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text());

    assertThat(outcome).isInstanceOfSatisfying(RefundRefused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(Reason.NOT_REFUNDABLE);
      assertThat(refused.detail()).contains("lapsed");
    });
    assertThat(shop.node.sentOrders()).isEmpty();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
  }

  @Test
  void theRefundIsRecordedWithItsHashAndAmountBeforeTheNodeIsAskedToPay() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.holdPayments(invoice);

    RefundOutcome outcome = refunds.refund(issued.key().reveal(), invoice.text());

    assertThat(outcome).isEqualTo(new RefundPending(shop.node.decode(invoice).paymentHash(), Msat.ofSat(1)));
    Purchase refunding = stored(issued);
    assertThat(refunding.state()).isEqualTo(PurchaseState.REFUNDING);
    assertThat(refunding.refund().orElseThrow().paymentHash()).isEqualTo(shop.node.decode(invoice).paymentHash());
    assertThat(refunding.refund().orElseThrow().amount()).isEqualTo(Msat.ofSat(1));
    assertThat(shop.node.sentOrders()).hasSize(1);
  }

  @Test
  void whileARefundIsInFlightAnotherIsRefusedAsInProgressAndNothingMoreIsSent() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.holdPayments(invoice);
    refunds.refund(issued.key().reveal(), invoice.text());

    RefundOutcome again = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(2)).text());
    RefundOutcome sameInvoice = refunds.refund(issued.key().reveal(), invoice.text());

    assertThat(reasonOf(again)).isEqualTo(Reason.REFUND_IN_PROGRESS);
    assertThat(reasonOf(sameInvoice)).isEqualTo(Reason.REFUND_IN_PROGRESS);
    assertThat(shop.node.sentOrders()).hasSize(1);
  }

  @Test
  void aPaymentThatDefinitelyFailedLeavesTheKeyRefundable() {
    Issued issued = failedPurchase();
    RefundService noFeeAllowed = new RefundService(shop.store, shop.node, new RefundFeeLimit(BigDecimal.ZERO), shop.clock);
    Bolt11 invoice = shop.node.foreignRequest(issued.price().msat());

    RefundOutcome failed = noFeeAllowed.refund(issued.key().reveal(), invoice.text());

    assertThat(reasonOf(failed)).isEqualTo(Reason.PAYMENT_FAILED);
    assertThat(((RefundRefused) failed).detail()).contains("fee limit");
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(stored(issued).refund()).isEmpty();
    assertThat(refunds.refund(issued.key().reveal(), invoice.text())).isInstanceOf(Refunded.class);
    assertThat(shop.node.payments()).containsExactly(invoice);
  }

  @Test
  void theFeeLimitIsTheConfiguredShareOfTheRefund() {
    Issued issued = failedPurchase();
    RefundService tenPercent = new RefundService(shop.store, shop.node, new RefundFeeLimit(new BigDecimal("10")),
        shop.clock);

    tenPercent.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.of(15_000)).text());

    assertThat(shop.node.sentOrders()).singleElement().satisfies(order -> {
      assertThat(order.amount()).isEqualTo(Msat.of(15_000));
      assertThat(order.maxFee()).isEqualTo(Msat.of(1_500));
    });
  }

  @Test
  void aOneSatRefundNeverRisksMoreThanItsOwnAmountInFees() {
    Issued issued = failedPurchase();
    RefundService generous = new RefundService(shop.store, shop.node, new RefundFeeLimit(new BigDecimal("100")),
        shop.clock);

    generous.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text());

    assertThat(shop.node.sentOrders()).singleElement()
        .satisfies(order -> assertThat(order.maxFee()).isEqualTo(Msat.ofSat(1)));
  }

  @Test
  void aRefundToAnInvoicePayQlIssuedCanNeverSucceedAndIsRefusedWithoutPaying() {
    Issued issued = failedPurchase();
    Issued another = shop.buy(REQUEST);

    RefundOutcome outcome = refunds.refund(issued.key().reveal(), another.paymentRequest().text());

    assertThat(reasonOf(outcome)).isEqualTo(Reason.OWN_INVOICE);
    assertThat(shop.node.sentOrders()).isEmpty();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
  }

  @Test
  void aRefundToAnInvoiceOfPayQlsOwnNodeIsRefusedWithoutPaying() {
    Issued issued = failedPurchase();
    Bolt11 ours = shop.node.foreignRequest(Msat.ofSat(1), shop.node.pubkey());

    assertThat(reasonOf(refunds.refund(issued.key().reveal(), ours.text()))).isEqualTo(Reason.OWN_INVOICE);
    assertThat(shop.node.sentOrders()).isEmpty();
  }

  @Test
  void anInvoiceTheNodeHasPaidAlreadyIsRefusedSoNoRefundCountsAPaymentTwice() {
    Issued first = failedPurchase();
    Issued second = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    assertThat(refunds.refund(first.key().reveal(), invoice.text())).isInstanceOf(Refunded.class);

    RefundOutcome reused = refunds.refund(second.key().reveal(), invoice.text());

    assertThat(reasonOf(reused)).isEqualTo(Reason.INVOICE_ALREADY_PAID);
    assertThat(stored(second).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.node.payments()).containsExactly(invoice);
  }

  @Test
  void credentialsThatMayNotPayUndoTheRefundAndThePermanentRefusalIsPassedOn() {
    Issued issued = failedPurchase();
    shop.node.denyPayments();

    assertThatThrownBy(() -> refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text()))
        .isInstanceOf(NodeAccessDeniedException.class);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.node.payments()).isEmpty();
  }

  @Test
  void aRefundInvoiceForMoreThanWasPaidIsRefused() {
    Issued issued = failedPurchase();
    var greedy = shop.node.foreignRequest(issued.price().msat().plus(Msat.of(1)));

    assertThat(reasonOf(refunds.refund(issued.key().reveal(), greedy.text()))).isEqualTo(Reason.INVALID_REFUND_INVOICE);
    assertThat(shop.node.payments()).isEmpty();
  }

  @Test
  void anExpiredRefundInvoiceIsRefused() {
    Issued issued = failedPurchase();
    var invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.clock.advance(Duration.ofHours(2));

    assertThat(reasonOf(refunds.refund(issued.key().reveal(), invoice.text()))).isEqualTo(Reason.INVALID_REFUND_INVOICE);
  }

  @Test
  void onlyFailedRequestsAreRefundable() {
    Issued spent = shop.buyAndPay(REQUEST);
    shop.redeemer.redeem(spent.key().reveal(), REQUEST);

    assertThat(reasonOf(refunds.refund(spent.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text())))
        .isEqualTo(Reason.NOT_REFUNDABLE);
  }

  @Test
  void garbageInsteadOfAnInvoiceIsRefusedClearly() {
    Issued issued = failedPurchase();

    assertThat(reasonOf(refunds.refund(issued.key().reveal(), "hello"))).isEqualTo(Reason.INVALID_REFUND_INVOICE);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
  }

  @Test
  void badAndUnknownKeysAreRefusedBeforeAnythingElse() {
    assertThat(reasonOf(refunds.refund("nope", "lnbc1x"))).isEqualTo(Reason.INVALID_API_KEY);
    assertThat(reasonOf(refunds.refund("ab".repeat(32), "lnbc1x"))).isEqualTo(Reason.UNKNOWN_API_KEY);
  }
}
