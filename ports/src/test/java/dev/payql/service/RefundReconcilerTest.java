package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RefundUseCase.RefundPending;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefundReconcilerTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofMinutes(2);

  private final Shop shop = new Shop();
  private final RefundService refunds = new RefundService(shop.store, shop.node, shop.clock);
  private final RefundReconciler reconciler = new RefundReconciler(shop.store, shop.node, shop.clock, IN_FLIGHT_LIMIT);

  private Issued failedPurchase() {
    return shop.buyPayAndFail(REQUEST);
  }

  private Purchase stored(Issued issued) {
    return shop.stored(issued);
  }

  /** A refund in flight: recorded, sent, and held by the node past the deadline. */
  private Bolt11 refundInFlight(Issued issued) {
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.holdPayments(invoice);
    assertThat(refunds.refund(issued.key().reveal(), invoice.text())).isInstanceOf(RefundPending.class);
    return invoice;
  }

  @Test
  void aRefundTheNodeReportsPaidEndsRefundedAtOnce() {
    Issued issued = failedPurchase();
    Bolt11 invoice = refundInFlight(issued);
    shop.node.completeHeldPayment(invoice);

    assertThat(reconciler.reconcile()).isEqualTo(1);

    Purchase refunded = stored(issued);
    assertThat(refunded.state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(refunded.refund().orElseThrow().fee()).isPresent();
  }

  @Test
  void aRefundStillInFlightStaysRefunding() {
    Issued issued = failedPurchase();
    refundInFlight(issued);
    shop.clock.advance(IN_FLIGHT_LIMIT.multipliedBy(10));

    assertThat(reconciler.reconcile()).isZero();

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDING);
  }

  @Test
  void aFailureIsRecordedOnlyOnceTheRefundIsOlderThanTheInFlightLimit() {
    Issued issued = failedPurchase();
    Bolt11 invoice = refundInFlight(issued);
    shop.node.failHeldPayment(invoice);

    assertThat(reconciler.reconcile()).isZero();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDING);

    shop.clock.advance(IN_FLIGHT_LIMIT);
    assertThat(reconciler.reconcile()).isEqualTo(1);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(stored(issued).refund()).isEmpty();
  }

  @Test
  void aRefundRecordedButNeverSentBecauseOfACrashBecomesRefundableOnceOld() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    // what a crash between recording the refund and asking the node leaves behind
    Purchase refunding = stored(issued).startRefund(Refund.requested(shop.node.decode(invoice).paymentHash(), invoice,
        Msat.ofSat(1), shop.clock.instant()));
    assertThat(shop.store.compareAndSet(refunding)).isTrue();

    assertThat(reconciler.reconcile()).isZero();
    shop.clock.advance(IN_FLIGHT_LIMIT.plusSeconds(1));
    assertThat(reconciler.reconcile()).isEqualTo(1);

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.node.sentOrders()).isEmpty();
  }

  @Test
  void anUnreachableNodeStopsTheRunWithoutChangingAnythingAndTheNextRunCarriesOn() {
    Issued issued = failedPurchase();
    Bolt11 invoice = refundInFlight(issued);
    shop.node.completeHeldPayment(invoice);
    shop.node.goDown();

    assertThat(reconciler.reconcile()).isZero();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDING);

    shop.node.comeBack();
    assertThat(reconciler.reconcile()).isEqualTo(1);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDED);
  }

  @Test
  void everyRefundingPurchaseIsVisitedAcrossBatches() {
    int count = 450; // more than two batches
    java.util.List<Issued> issued = new java.util.ArrayList<>();
    java.util.List<Bolt11> invoices = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      Issued one = failedPurchase();
      issued.add(one);
      invoices.add(refundInFlight(one));
    }
    invoices.forEach(shop.node::completeHeldPayment);

    assertThat(reconciler.reconcile()).isEqualTo(count);

    assertThat(issued).allSatisfy(one -> assertThat(stored(one).state()).isEqualTo(PurchaseState.REFUNDED));
    assertThat(shop.node.payments()).hasSize(count);
  }
}
