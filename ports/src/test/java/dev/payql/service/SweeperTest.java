package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweeperTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();
  private final Sweeper sweeper = new Sweeper(shop.store, shop.clock, 2);

  private PurchaseState stateOf(Issued issued) {
    return shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state();
  }

  @Test
  void lapsedInvoicesExpireInBoundedBatches() {
    Issued a = shop.buy(REQUEST);
    Issued b = shop.buy(REQUEST);
    Issued c = shop.buy(REQUEST);
    shop.clock.advance(Shop.INVOICE_EXPIRY);

    assertThat(sweeper.sweepOnce()).isEqualTo(2);
    assertThat(sweeper.sweepOnce()).isEqualTo(1);
    assertThat(sweeper.sweepOnce()).isZero();
    assertThat(java.util.List.of(stateOf(a), stateOf(b), stateOf(c))).containsOnly(PurchaseState.EXPIRED);
  }

  @Test
  void aPaymentArrivingAfterTheSweepStillCounts() {
    Issued issued = shop.buy(REQUEST);
    shop.node.settle(issued.paymentHash());
    shop.clock.advance(Shop.INVOICE_EXPIRY);
    sweeper.sweepOnce();
    assertThat(stateOf(issued)).isEqualTo(PurchaseState.EXPIRED);

    assertThat(shop.redeemer.redeem(issued.key().reveal(), REQUEST))
        .isInstanceOf(dev.payql.ports.in.RedeemUseCase.Executed.class);
  }

  @Test
  void unusedPaidKeysExpireAfterTheirLifetimeAndReplaysAreForgottenAfterTheirWindow() {
    Issued unused = shop.buyAndPay(REQUEST);
    Issued used = shop.buyAndPay(REQUEST);
    shop.redeemer.redeem(used.key().reveal(), REQUEST);
    shop.payments.refresh(shop.store.findByKeyDigest(unused.key().digest()).orElseThrow());

    shop.clock.advance(Shop.POLICY.replayWindow());
    sweeper.sweepOnce();
    assertThat(shop.store.findByKeyDigest(used.key().digest()).orElseThrow().response()).isEmpty();
    assertThat(stateOf(unused)).isEqualTo(PurchaseState.PAID);

    shop.clock.advance(Shop.POLICY.keyLifetime());
    sweeper.sweepOnce();
    assertThat(stateOf(unused)).isEqualTo(PurchaseState.EXPIRED);
    assertThat(stateOf(used)).isEqualTo(PurchaseState.SPENT);
  }

  @Test
  void aFailedKeyNobodyRetriedExpiresAfterItsLifetime() {
    Issued issued = shop.buyAndPay(REQUEST);
    shop.engine.failFromNowOn(true);
    shop.redeemer.redeem(issued.key().reveal(), REQUEST);
    shop.engine.failFromNowOn(false);
    assertThat(stateOf(issued)).isEqualTo(PurchaseState.FAILED);

    shop.clock.advance(Shop.POLICY.keyLifetime().minusSeconds(1));
    assertThat(sweeper.sweepOnce()).isZero();
    shop.clock.advance(Duration.ofSeconds(1));
    assertThat(sweeper.sweepOnce()).isEqualTo(1);

    assertThat(stateOf(issued)).isEqualTo(PurchaseState.EXPIRED);
    assertThat(shop.redeemer.redeem(issued.key().reveal(), REQUEST)).isEqualTo(
        dev.payql.ports.in.RedeemUseCase.Refused.because(dev.payql.domain.redemption.RefusalReason.KEY_EXPIRED));
  }

  @Test
  void aKeyWhoseExecutorDiedExpiresAfterItsLifetimeButNotWhileItsLeaseIsLive() {
    Issued issued = shop.buyAndPay(REQUEST);
    var paid = shop.payments.refresh(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow());
    shop.clock.advance(Shop.POLICY.keyLifetime().minusSeconds(5));
    // claimed five seconds before the lifetime ends, then its executor dies
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();

    shop.clock.advance(Duration.ofSeconds(10));
    assertThat(sweeper.sweepOnce()).as("its lease is still live").isZero();
    shop.clock.advance(Shop.POLICY.executionLease());
    assertThat(sweeper.sweepOnce()).isEqualTo(1);

    assertThat(stateOf(issued)).isEqualTo(PurchaseState.EXPIRED);
  }

  @Test
  void nothingDueMeansNothingChanges() {
    shop.buy(REQUEST);
    shop.clock.advance(Duration.ofMinutes(1));

    assertThat(sweeper.sweepOnce()).isZero();
  }
}
