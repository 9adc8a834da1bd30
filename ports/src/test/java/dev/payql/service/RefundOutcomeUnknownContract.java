package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.in.RefundUseCase.RefundPending;
import dev.payql.ports.in.RefundUseCase.Refunded;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import dev.payql.ports.testing.InMemoryPurchaseStore;
import dev.payql.ports.testing.MutableClock;
import dev.payql.ports.testing.TestPurchases;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Fault test "refund outcome unknown" (issue #10) over a real node adapter and its protocol peer:
 * the node's deadline passes with the refund payment in flight, then the peer reports it done or
 * failed. The purchase must end refunded exactly once, or refundable again; payments are counted by
 * the peer. An adapter's test extends this and says how to reach the peer.
 */
public abstract class RefundOutcomeUnknownContract {

  private static final Duration IN_FLIGHT_LIMIT = Duration.ofMinutes(2);
  private static final Duration KEY_LIFETIME = Duration.ofDays(1);
  /** The whole price of a test purchase: its default fee limit (5 %) covers a hop of a sat. */
  private static final Msat REFUND = Msat.ofSat(21);

  private final SecureRandom random = new SecureRandom();
  private final InMemoryPurchaseStore store = new InMemoryPurchaseStore();
  /** Starts now, as the peer's invoices do; moved by hand past the in-flight limit. */
  private final MutableClock clock = new MutableClock(Instant.now());

  /** The adapter under test; its payment deadline must pass while a payment is held. */
  protected abstract LightningNode node();

  /** A payment request of another node for {@code amount}, payable by the node under test. */
  protected abstract Bolt11 foreignPaymentRequest(Msat amount);

  /** How many payments sent by the node under test reached their payee, as the peer counts them. */
  protected abstract int paymentsReceivedByPayees();

  /** The peer's control over payments in flight. */
  protected abstract PaymentsInFlight paymentsInFlight();

  private RefundService refunds() {
    return new RefundService(store, node(), clock);
  }

  private RefundReconciler reconciler() {
    return new RefundReconciler(store, node(), clock, IN_FLIGHT_LIMIT);
  }

  /** A purchase whose execution failed, stored; returns its key. */
  private OneTimeKey failedPurchase() {
    OneTimeKey key = OneTimeKey.generate(random);
    Instant now = clock.instant();
    Purchase awaiting = TestPurchases.awaiting(key.digest(), now, Duration.ofMinutes(10));
    store.insert(awaiting);
    Purchase paid = awaiting.markPaid(now, KEY_LIFETIME).orElseThrow();
    Purchase executing = paid.claim(now, Duration.ofSeconds(30));
    for (Purchase next : new Purchase[] {paid, executing, executing.fail()}) {
      assertThat(store.compareAndSet(next)).isTrue();
    }
    return key;
  }

  private PurchaseState state(OneTimeKey key) {
    return store.findByKeyDigest(key.digest()).orElseThrow().state();
  }

  @Test
  void theNodeTimesOutThenReportsThePaymentDone_thePurchaseEndsRefundedExactlyOnce() {
    OneTimeKey key = failedPurchase();
    Bolt11 invoice = foreignPaymentRequest(REFUND);
    int before = paymentsReceivedByPayees();
    paymentsInFlight().hold(invoice);

    assertThat(refunds().refund(key.reveal(), invoice.text())).isInstanceOf(RefundPending.class);
    assertThat(state(key)).isEqualTo(PurchaseState.REFUNDING);
    assertThat(reconciler().reconcile()).as("still in flight").isZero();

    paymentsInFlight().succeed(invoice);
    assertThat(reconciler().reconcile()).isEqualTo(1);
    clock.advance(IN_FLIGHT_LIMIT);
    assertThat(reconciler().reconcile()).isZero();

    assertThat(state(key)).isEqualTo(PurchaseState.REFUNDED);
    assertThat(store.findByKeyDigest(key.digest()).orElseThrow().refund().orElseThrow().fee()).isPresent();
    assertThat(paymentsReceivedByPayees()).isEqualTo(before + 1);
  }

  @Test
  void theNodeTimesOutThenReportsThePaymentFailed_thePurchaseIsRefundableAgainAndPaidOnceInTheEnd() {
    OneTimeKey key = failedPurchase();
    Bolt11 invoice = foreignPaymentRequest(REFUND);
    int before = paymentsReceivedByPayees();
    paymentsInFlight().hold(invoice);
    assertThat(refunds().refund(key.reveal(), invoice.text())).isInstanceOf(RefundPending.class);

    paymentsInFlight().fail(invoice);
    assertThat(reconciler().reconcile()).as("too young to call failed").isZero();
    clock.advance(IN_FLIGHT_LIMIT);
    assertThat(reconciler().reconcile()).isEqualTo(1);

    assertThat(state(key)).isEqualTo(PurchaseState.FAILED);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before);
    assertThat(refunds().refund(key.reveal(), foreignPaymentRequest(REFUND).text())).isInstanceOf(Refunded.class);
    assertThat(state(key)).isEqualTo(PurchaseState.REFUNDED);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before + 1);
  }
}
