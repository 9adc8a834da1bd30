package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RefundUseCase.Reason;
import dev.payql.ports.in.RefundUseCase.RefundOutcome;
import dev.payql.ports.in.RefundUseCase.RefundPending;
import dev.payql.ports.in.RefundUseCase.RefundRefused;
import dev.payql.ports.in.RefundUseCase.Refunded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Fault test "refund outcome unknown" at the service level (issue #10): the node does not tell how a
 * refund payment ended by its deadline, or PayQL stops in the middle, and the outcome is learnt
 * later. Every purchase must end refunded exactly once, or refundable again; payments are counted on
 * the node's side.
 */
class RefundOutcomeUnknownFaultTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofMinutes(2);

  private final Shop shop = new Shop();
  private final RefundService refunds = new RefundService(shop.store, shop.node, shop.clock);
  private final RefundReconciler reconciler = new RefundReconciler(shop.store, shop.node, shop.clock, IN_FLIGHT_LIMIT);

  private enum Fault {
    /** The payment stays in flight past the deadline, then the payee takes it. */
    TIMES_OUT_THEN_PAID,
    /** The payment stays in flight past the deadline, then fails at a hop. */
    TIMES_OUT_THEN_FAILS,
    /** The node pays, but its answer never reaches PayQL. */
    ANSWER_LOST,
    /** PayQL records the refund and stops before asking the node. */
    CRASH_BEFORE_PAYING,
    /** Nothing goes wrong. */
    NONE
  }

  private Issued failedPurchase() {
    return shop.buyPayAndFail(REQUEST);
  }

  private Purchase stored(Issued issued) {
    return shop.stored(issued);
  }

  @Test
  void theNodeTimesOutThenReportsThePaymentDone_thePurchaseEndsRefundedExactlyOnce() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.holdPayments(invoice);

    assertThat(refunds.refund(issued.key().reveal(), invoice.text())).isInstanceOf(RefundPending.class);
    assertThat(reconciler.reconcile()).as("still in flight").isZero();
    shop.node.completeHeldPayment(invoice);
    assertThat(reconciler.reconcile()).isEqualTo(1);
    assertThat(reconciler.reconcile()).as("nothing left to settle").isZero();

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(shop.node.payments()).containsExactly(invoice);
    assertThat(shop.node.sentOrders()).hasSize(1);
    assertThat(refunds.refund(issued.key().reveal(), shop.node.foreignRequest(Msat.ofSat(1)).text()))
        .isInstanceOfSatisfying(RefundRefused.class, r -> assertThat(r.reason()).isEqualTo(Reason.NOT_REFUNDABLE));
  }

  @Test
  void theNodeTimesOutThenReportsThePaymentFailed_thePurchaseIsRefundableAgainAndPaidOnceInTheEnd() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.holdPayments(invoice);
    assertThat(refunds.refund(issued.key().reveal(), invoice.text())).isInstanceOf(RefundPending.class);

    shop.node.failHeldPayment(invoice);
    shop.clock.advance(IN_FLIGHT_LIMIT);
    assertThat(reconciler.reconcile()).isEqualTo(1);

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.FAILED);
    assertThat(shop.node.payments()).isEmpty();
    Bolt11 second = shop.node.foreignRequest(Msat.ofSat(1));
    assertThat(refunds.refund(issued.key().reveal(), second.text())).isInstanceOf(Refunded.class);
    assertThat(shop.node.payments()).containsExactly(second);
  }

  @Test
  void theAnswerToPayIsLost_theRefundIsPendingAndReconciledWithoutPayingAgain() {
    Issued issued = failedPurchase();
    Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
    shop.node.loseNextPaymentAnswer();

    assertThat(refunds.refund(issued.key().reveal(), invoice.text())).isInstanceOf(RefundPending.class);
    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDING);
    assertThat(reconciler.reconcile()).isEqualTo(1);

    assertThat(stored(issued).state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(shop.node.payments()).containsExactly(invoice);
  }

  @Test
  void manyRequestsRacingToRefundOneKeySendOnePayment() throws Exception {
    Issued issued = failedPurchase();
    int racers = 16;
    List<Bolt11> invoices = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      invoices.add(shop.node.foreignRequest(Msat.ofSat(1)));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<RefundOutcome>> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
      for (Bolt11 invoice : invoices) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return refunds.refund(issued.key().reveal(), invoice.text());
        }));
      }
      start.countDown();
      int refunded = 0;
      for (Future<RefundOutcome> outcome : outcomes) {
        RefundOutcome result = outcome.get();
        if (result instanceof Refunded) {
          refunded++;
        } else {
          assertThat(result).isInstanceOfSatisfying(RefundRefused.class, r -> assertThat(r.reason())
              .as("a loser sees the winner's refund in flight or done").isIn(Reason.REFUND_IN_PROGRESS,
                  Reason.NOT_REFUNDABLE));
        }
      }
      assertThat(refunded).isEqualTo(1);
    }
    assertThat(shop.node.sentOrders()).hasSize(1);
    assertThat(shop.node.payments()).hasSize(1);
  }

  /**
   * Jepsen-style: 100 failed purchases, each refund hit by one fault in turn, other refund requests
   * racing the ones in flight, the reconciliation run before and after the node resolves them, and
   * buyers retrying until refunded. Counted at the end: purchases not refunded (lost), purchases paid
   * back more than once (doubled).
   */
  @Test
  void underEveryKindOfUnknownOutcomeNothingIsLostAndNothingIsRefundedTwice() {
    int purchases = 100;
    Map<Issued, List<Bolt11>> invoicesOf = new LinkedHashMap<>();
    Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    List<Bolt11> heldToPay = new ArrayList<>();
    List<Bolt11> heldToFail = new ArrayList<>();
    int refusedAsInProgress = 0;
    for (int i = 0; i < purchases; i++) {
      Issued issued = failedPurchase();
      Fault fault = Fault.values()[i % Fault.values().length];
      faults.merge(fault, 1, Integer::sum);
      Bolt11 invoice = shop.node.foreignRequest(Msat.ofSat(1));
      invoicesOf.put(issued, new ArrayList<>(List.of(invoice)));
      switch (fault) {
        case TIMES_OUT_THEN_PAID -> {
          shop.node.holdPayments(invoice);
          heldToPay.add(invoice);
        }
        case TIMES_OUT_THEN_FAILS -> {
          shop.node.holdPayments(invoice);
          heldToFail.add(invoice);
        }
        case ANSWER_LOST -> shop.node.loseNextPaymentAnswer();
        case CRASH_BEFORE_PAYING -> {
          Purchase refunding = stored(issued).startRefund(Refund.requested(shop.node.decode(invoice).paymentHash(),
              invoice, Msat.ofSat(1), shop.clock.instant()));
          assertThat(shop.store.compareAndSet(refunding)).isTrue();
        }
        case NONE -> { }
      }
      if (fault != Fault.CRASH_BEFORE_PAYING) {
        refunds.refund(issued.key().reveal(), invoice.text());
      }
      // an impatient buyer asks again with a new invoice while the first may be in flight
      Bolt11 impatient = shop.node.foreignRequest(Msat.ofSat(1));
      RefundOutcome again = refunds.refund(issued.key().reveal(), impatient.text());
      if (again instanceof RefundRefused refused && refused.reason() == Reason.REFUND_IN_PROGRESS) {
        refusedAsInProgress++;
      } else {
        assertThat(again).isInstanceOfSatisfying(RefundRefused.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.NOT_REFUNDABLE));
      }
      invoicesOf.get(issued).add(impatient);
    }

    reconciler.reconcile(); // while still in flight: only the lost answers settle
    heldToPay.forEach(shop.node::completeHeldPayment);
    heldToFail.forEach(shop.node::failHeldPayment);
    reconciler.reconcile();
    shop.clock.advance(IN_FLIGHT_LIMIT);
    reconciler.reconcile();
    reconciler.reconcile();

    int retried = 0;
    for (Issued issued : invoicesOf.keySet()) {
      if (stored(issued).state() == PurchaseState.FAILED) {
        Bolt11 retry = shop.node.foreignRequest(Msat.ofSat(1));
        invoicesOf.get(issued).add(retry);
        assertThat(refunds.refund(issued.key().reveal(), retry.text())).isInstanceOf(Refunded.class);
        retried++;
      }
    }

    List<Bolt11> paid = shop.node.payments();
    int lost = 0;
    int doubled = 0;
    for (Map.Entry<Issued, List<Bolt11>> entry : invoicesOf.entrySet()) {
      Set<Bolt11> mine = new HashSet<>(entry.getValue());
      long payments = paid.stream().filter(mine::contains).count();
      lost += stored(entry.getKey()).state() == PurchaseState.REFUNDED && payments == 1 ? 0 : 1;
      doubled += payments > 1 ? 1 : 0;
    }
    System.out.printf("refund outcome unknown (service level): %d purchases, faults %s, %d refused as in progress,"
        + " %d retried after a failed payment, %d payments made; lost %d, doubled %d%n", purchases, faults,
        refusedAsInProgress, retried, paid.size(), lost, doubled);
    assertThat(lost).isZero();
    assertThat(doubled).isZero();
    assertThat(paid).hasSize(purchases);
    assertThat(retried).isEqualTo(faults.get(Fault.TIMES_OUT_THEN_FAILS) + faults.get(Fault.CRASH_BEFORE_PAYING));
  }
}
