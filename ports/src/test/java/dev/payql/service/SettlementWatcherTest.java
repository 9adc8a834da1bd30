package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettlementWatcherTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();

  private SettlementWatcher watcher() {
    return new SettlementWatcher(shop.node, shop.store, shop.payments, "fake", Duration.ofMillis(10));
  }

  private PurchaseState stateOf(Issued issued) {
    return shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state();
  }

  @Test
  void aSettlementOnTheStreamMarksThePurchasePaidAndMovesTheCursor() {
    Issued issued = shop.buy(REQUEST);
    try (SettlementWatcher watcher = watcher()) {
      watcher.start();

      shop.node.settle(issued.paymentHash());

      Eventually.await("the purchase to be paid", () -> stateOf(issued) == PurchaseState.PAID);
      // the cursor follows the recorded settlement, written behind it
      Eventually.await("the cursor to move", () -> shop.store.settlementCursor("fake") == 1);
    }
  }

  @Test
  void settlementsPaidWhileNobodyWatchedArePickedUpFromTheStoredCursor() {
    Issued first = shop.buy(REQUEST);
    Issued second = shop.buy(REQUEST);
    try (SettlementWatcher watcher = watcher()) {
      watcher.start();
      shop.node.settle(first.paymentHash());
      Eventually.await("the first payment", () -> stateOf(first) == PurchaseState.PAID);
    }
    shop.node.settle(second.paymentHash());

    try (SettlementWatcher watcher = watcher()) {
      watcher.start();
      Eventually.await("the payment made while down", () -> stateOf(second) == PurchaseState.PAID);
    }
    assertThat(shop.store.settlementCursor("fake")).isEqualTo(2);
  }

  @Test
  void reconciliationAsksTheNodeAboutEveryUnpaidPurchase() {
    Issued paid = shop.buy(REQUEST);
    Issued unpaid = shop.buy(REQUEST);
    shop.node.settle(paid.paymentHash());

    int found = watcher().reconcile();

    assertThat(found).isEqualTo(1);
    assertThat(stateOf(paid)).isEqualTo(PurchaseState.PAID);
    assertThat(stateOf(unpaid)).isEqualTo(PurchaseState.AWAITING_PAYMENT);
  }

  @Test
  void aSettlementSeenTwiceChangesNothingTheSecondTime() {
    Issued issued = shop.buy(REQUEST);
    shop.node.settle(issued.paymentHash());
    var once = shop.payments.recordSettlement(issued.paymentHash(), shop.clock.instant()).orElseThrow();

    var twice = shop.payments.recordSettlement(issued.paymentHash(), shop.clock.instant()).orElseThrow();

    assertThat(twice.version()).isEqualTo(once.version());
  }

  @Test
  void aReconciliationWithTheNodeDownStopsQuietly() {
    shop.buy(REQUEST);
    shop.node.goDown();

    assertThat(watcher().reconcile()).isZero();
  }
}
