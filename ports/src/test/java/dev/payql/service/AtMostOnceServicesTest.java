package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.InvoiceStatusUseCase.Status;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RedeemUseCase.Executed;
import dev.payql.ports.in.RefundUseCase.RefundRefused;
import dev.payql.ports.in.RefundUseCase.Refunded;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Mutations sold at most once (ADR 0033) through the services: the rules decide, the services record
 * what they decided, and nothing that may have reached the API is executed twice.
 */
class AtMostOnceServicesTest {

  private static final GraphQLRequest MUTATION = GraphQLRequest.of("mutation { transfer(amount: 10) { id } }");
  private static final GraphQLRequest QUERY = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();
  private final RefundService refunds = new RefundService(shop.store, shop.node, shop.clock);
  private final InvoiceStatusService status =
      new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5));

  private Purchase stored(Issued issued) {
    return shop.stored(issued);
  }

  @Test
  void aMutationIsSoldAtMostOnceAndAQueryIsNot() {
    assertThat(stored(shop.buy(MUTATION)).atMostOnce()).isTrue();
    assertThat(stored(shop.buy(QUERY)).atMostOnce()).isFalse();
  }

  @Test
  void anInterruptedMutationIsOfUnknownOutcomeAndItsRetryNeverReachesTheEngine() {
    Issued issued = shop.buyAndPay(MUTATION);
    shop.engine.interruptFromNowOn(true);

    Executed first = (Executed) shop.redeemer.redeem(issued.key().reveal(), MUTATION);
    shop.engine.interruptFromNowOn(false);
    var retry = shop.redeemer.redeem(issued.key().reveal(), MUTATION);

    assertThat(first.failed()).isTrue();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
    assertThat(retry).isEqualTo(dev.payql.ports.in.RedeemUseCase.Refused.because(RefusalReason.OUTCOME_UNKNOWN));
    assertThat(shop.engine.executions()).isEqualTo(1);
    assertThat(status.status(issued.key().reveal(), Duration.ZERO))
        .isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN));
  }

  @Test
  void anInterruptedQueryFailsAndRunsAgainAsBefore() {
    Issued issued = shop.buyAndPay(QUERY);
    shop.engine.interruptFromNowOn(true);
    shop.redeemer.redeem(issued.key().reveal(), QUERY);
    shop.engine.interruptFromNowOn(false);

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.redeemer.redeem(issued.key().reveal(), QUERY)).isInstanceOfSatisfying(Executed.class,
        executed -> assertThat(executed.failed()).isFalse());
    assertThat(shop.engine.executions()).isEqualTo(2);
  }

  @Test
  void aMutationThatCertainlyDidNotRunStaysFailedAndRetryable() {
    Issued issued = shop.buyPayAndFail(MUTATION);

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.redeemer.redeem(issued.key().reveal(), MUTATION)).isInstanceOf(Executed.class);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.SPENT);
  }

  @Test
  void aMutationWhoseExecutorDiedIsRefusedOnceItsLeaseLapsesAndThatIsRecorded() {
    Issued issued = shop.buyAndPay(MUTATION);
    Purchase paid = shop.payments.refresh(stored(issued));
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();
    shop.clock.advance(Shop.POLICY.executionLease());

    assertThat(status.status(issued.key().reveal(), Duration.ZERO))
        .isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN));
    var retry = shop.redeemer.redeem(issued.key().reveal(), MUTATION);

    assertThat(retry).isEqualTo(dev.payql.ports.in.RedeemUseCase.Refused.because(RefusalReason.OUTCOME_UNKNOWN));
    assertThat(shop.engine.executions()).isZero();
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
  }

  @Test
  void theSweeperRecordsAnAbandonedMutationAsOfUnknownOutcome() {
    Issued issued = shop.buyAndPay(MUTATION);
    Purchase paid = shop.payments.refresh(stored(issued));
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();
    shop.clock.advance(Shop.POLICY.executionLease());

    new Sweeper(shop.store, shop.clock, 10).sweepOnce();

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
  }

  @Test
  void aMutationOfUnknownOutcomeIsRefundedLikeAFailedOne() {
    Issued issued = shop.buyAndPay(MUTATION);
    shop.engine.interruptFromNowOn(true);
    shop.redeemer.redeem(issued.key().reveal(), MUTATION);

    var refund = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(issued.price().msat()).text());

    assertThat(refund).isInstanceOf(Refunded.class);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDED);
  }

  @Test
  void anAbandonedMutationIsRefundedBeforeTheSweeperRecordedIt() {
    Issued issued = shop.buyAndPay(MUTATION);
    Purchase paid = shop.payments.refresh(stored(issued));
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();
    var whileLeased = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(issued.price().msat()).text());
    shop.clock.advance(Shop.POLICY.executionLease());

    var refund = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(issued.price().msat()).text());

    assertThat(whileLeased).isInstanceOf(RefundRefused.class);
    assertThat(refund).isInstanceOf(Refunded.class);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDED);
  }

  @Test
  void aMutationOfUnknownOutcomeIsNoLongerRefundedPastItsKeyLifetimeAndIsSweptAway() {
    Issued issued = shop.buyAndPay(MUTATION);
    shop.engine.interruptFromNowOn(true);
    shop.redeemer.redeem(issued.key().reveal(), MUTATION);
    shop.clock.advance(Shop.POLICY.keyLifetime());

    var refund = refunds.refund(issued.key().reveal(), shop.node.foreignRequest(issued.price().msat()).text());
    new Sweeper(shop.store, shop.clock, 10).sweepOnce();

    assertThat(refund).isInstanceOfSatisfying(RefundRefused.class,
        refused -> assertThat(refused.detail()).contains("lapsed"));
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.EXPIRED);
    assertThat(shop.node.sentOrders()).isEmpty();
  }

  @Test
  void anEngineThatThrowsOnAMutationLeavesItsOutcomeUnknownForItMayHaveSentIt() {
    QueryEngine throwing = new QueryEngine() {
      @Override
      public Inspection inspect(GraphQLRequest request) {
        return shop.engine.inspect(request);
      }

      @Override
      public ExecutionOutcome execute(GraphQLRequest request) {
        throw new IllegalStateException("broken engine");
      }
    };
    var issuer = new IssueInvoiceService(throwing, shop.node, shop.store, shop.rates,
        dev.payql.domain.money.PricingRules.defaults(), Shop.INVOICE_EXPIRY, new SecureRandom());
    var redeemer = new RedeemService(shop.store, throwing, shop.payments, Shop.POLICY, shop.clock);
    Issued issued = (Issued) issuer.issue(MUTATION);
    shop.node.settle(issued.paymentHash());

    Executed answer = (Executed) redeemer.redeem(issued.key().reveal(), MUTATION);

    assertThat(answer.failed()).isTrue();
    assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("refunded");
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
  }
}
