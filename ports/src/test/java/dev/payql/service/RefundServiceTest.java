package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RefundUseCase.Reason;
import dev.payql.ports.in.RefundUseCase.RefundOutcome;
import dev.payql.ports.in.RefundUseCase.RefundRefused;
import dev.payql.ports.in.RefundUseCase.Refunded;
import org.junit.jupiter.api.Test;

class RefundServiceTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();
  private final RefundService refunds = new RefundService(shop.store, shop.node, shop.clock);

  private Issued failedPurchase() {
    Issued issued = shop.buyAndPay(REQUEST);
    shop.engine.failFromNowOn(true);
    shop.redeemer.redeem(issued.key().reveal(), REQUEST);
    shop.engine.failFromNowOn(false);
    return issued;
  }

  private static Reason reasonOf(RefundOutcome outcome) {
    return ((RefundRefused) outcome).reason();
  }

  @Test
  void aFailedRequestIsRefundedOnceToTheBuyersInvoice() {
    Issued issued = failedPurchase();
    var invoice = shop.node.foreignRequest(issued.price().msat());

    RefundOutcome first = refunds.refund(issued.key().reveal(), invoice.text());
    RefundOutcome second = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text());

    assertThat(first).isInstanceOfSatisfying(Refunded.class, r -> assertThat(r.amount()).isEqualTo(issued.price().msat()));
    assertThat(reasonOf(second)).isEqualTo(Reason.NOT_REFUNDABLE);
    assertThat(shop.node.payments()).containsExactly(invoice);
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state()).isEqualTo(PurchaseState.REFUNDED);
  }

  @Test
  void aRefundInvoiceForMoreThanWasPaidIsRefused() {
    Issued issued = failedPurchase();
    var greedy = shop.node.foreignRequest(issued.price().msat().plus(Msat.of(1)));

    assertThat(reasonOf(refunds.refund(issued.key().reveal(), greedy.text()))).isEqualTo(Reason.INVALID_REFUND_INVOICE);
    assertThat(shop.node.payments()).isEmpty();
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
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state()).isEqualTo(PurchaseState.FAILED);
  }
}
