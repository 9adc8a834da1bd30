package dev.payql.ports.out.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.money.Msat;
import dev.payql.ports.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LightningNode} adapter must do. An adapter's test extends this class and says
 * how to reach a node (a real one, or a real protocol peer in the test) and how to pay from outside.
 */
public abstract class LightningNodeContract {

  /** The node under test, connected to a peer whose state is fresh for each test. */
  protected abstract LightningNode node();

  /** Pays {@code invoice} from outside, as a buyer's wallet would. */
  protected abstract void settle(Invoice invoice);

  /**
   * A payment request issued by some other node for {@code amount}, which the node under test can
   * decode and pay (the refund path).
   */
  protected abstract Bolt11 foreignPaymentRequest(Msat amount);

  /** What the peer's route charges on top of a payment; zero if it charges nothing. */
  protected abstract Msat routingFee();

  /** How many payments sent by the node under test reached their payee, as the peer counts them. */
  protected abstract int paymentsReceivedByPayees();

  /**
   * A way to keep payments in flight past the node's deadline, then let them succeed or fail, as a
   * stuck hop does; empty if the peer settles every payment at once (then those tests are skipped).
   */
  protected Optional<PaymentsInFlight> paymentsInFlight() {
    return Optional.empty();
  }

  /** The peer's control over payments that are neither paid nor failed yet. */
  public interface PaymentsInFlight {

    /** Payments to {@code request} from now on stay in flight until {@link #succeed} or {@link #fail}. */
    void hold(Bolt11 request);

    /** The payee takes the held payment: it succeeds. */
    void succeed(Bolt11 request);

    /** The held payment fails at a hop: nothing reaches the payee. */
    void fail(Bolt11 request);
  }

  private static String freshLabel() {
    return "payql-test-" + UUID.randomUUID();
  }

  private Invoice issue(long sat) {
    return node().createInvoice(new InvoiceRequest(Msat.ofSat(sat), "contract test", Duration.ofMinutes(10), freshLabel()));
  }

  @Test
  void anIssuedInvoiceIsOpenForTheRequestedAmountAndExpiry() {
    Invoice invoice = node().createInvoice(
        new InvoiceRequest(Msat.of(21_000), "one GraphQL request", Duration.ofMinutes(15), freshLabel()));

    assertThat(invoice.amount()).isEqualTo(Msat.of(21_000));
    assertThat(invoice.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(invoice.paymentRequest().text()).startsWith("ln");
    assertThat(Duration.between(invoice.createdAt(), invoice.expiresAt()))
        .isBetween(Duration.ofMinutes(15).minusSeconds(1), Duration.ofMinutes(15).plusSeconds(1));
  }

  @Test
  void issuingAgainWithTheSameLabelReturnsTheSameInvoice() {
    InvoiceRequest request = new InvoiceRequest(Msat.ofSat(5), "retried after a lost answer", Duration.ofMinutes(10),
        freshLabel());

    Invoice first = node().createInvoice(request);
    Invoice second = node().createInvoice(request);

    assertThat(second.paymentHash()).isEqualTo(first.paymentHash());
    assertThat(second.paymentRequest()).isEqualTo(first.paymentRequest());
  }

  @Test
  void differentLabelsGiveDifferentInvoices() {
    assertThat(issue(5).paymentHash()).isNotEqualTo(issue(5).paymentHash());
  }

  @Test
  void lookingUpAnInvoiceTheNodeNeverIssuedFindsNothing() {
    assertThat(node().lookupInvoice(dev.payql.ports.testing.TestPurchases.randomHash())).isEmpty();
  }

  @Test
  void anUnpaidInvoiceLooksOpen() {
    Invoice invoice = issue(7);

    Optional<Invoice> found = node().lookupInvoice(invoice.paymentHash());

    assertThat(found).isPresent();
    assertThat(found.get().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(found.get().amount()).isEqualTo(invoice.amount());
    assertThat(found.get().paymentRequest()).isEqualTo(invoice.paymentRequest());
  }

  @Test
  void aPaidInvoiceLooksSettledWithItsSettlementTime() {
    Invoice invoice = issue(8);

    settle(invoice);

    Invoice found = node().lookupInvoice(invoice.paymentHash()).orElseThrow();
    assertThat(found.state()).isEqualTo(InvoiceState.SETTLED);
    assertThat(found.settledAt()).isPresent();
  }

  @Test
  void settlementsArriveOnTheStreamInCursorOrder() {
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    Invoice first = issue(9);
    Invoice second = issue(10);

    try (SettlementSubscription ignored = node().subscribeSettlements(currentCursor(), seen::add)) {
      settle(first);
      Eventually.await("the first settlement", () -> hashes(seen).contains(first.paymentHash().hex()));
      settle(second);
      Eventually.await("the second settlement", () -> hashes(seen).contains(second.paymentHash().hex()));
    }

    Settlement a = find(seen, first);
    Settlement b = find(seen, second);
    assertThat(a.cursor()).isPositive();
    assertThat(b.cursor()).isGreaterThan(a.cursor());
  }

  @Test
  void aStreamResumedFromACursorDeliversOnlyLaterSettlements() {
    Invoice earlier = issue(11);
    Invoice later = issue(12);
    List<Settlement> firstRun = new CopyOnWriteArrayList<>();
    try (SettlementSubscription ignored = node().subscribeSettlements(currentCursor(), firstRun::add)) {
      settle(earlier);
      Eventually.await("the earlier settlement", () -> hashes(firstRun).contains(earlier.paymentHash().hex()));
    }
    long resumeAfter = find(firstRun, earlier).cursor();
    settle(later); // paid while nobody was listening

    List<Settlement> secondRun = new CopyOnWriteArrayList<>();
    try (SettlementSubscription ignored = node().subscribeSettlements(resumeAfter, secondRun::add)) {
      Eventually.await("the settlement paid while not listening", () -> hashes(secondRun).contains(later.paymentHash().hex()));
    }

    assertThat(hashes(secondRun)).doesNotContain(earlier.paymentHash().hex());
    assertThat(secondRun).allSatisfy(s -> assertThat(s.cursor()).isGreaterThan(resumeAfter));
  }

  @Test
  void aForeignPaymentRequestDecodesToItsAmountAndHash() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(3));

    DecodedPaymentRequest decoded = node().decode(foreign);

    assertThat(decoded.amount()).contains(Msat.ofSat(3));
    assertThat(decoded.expiresAt()).isAfter(java.time.Instant.now().minusSeconds(60));
  }

  private static PaymentOrder order(Bolt11 request, Msat amount, Msat maxFee) {
    return new PaymentOrder(request, amount, maxFee);
  }

  @Test
  void aRefundWithinTheFeeLimitIsPaidOnceAndSaysWhatItCost() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(4));
    DecodedPaymentRequest decoded = node().decode(foreign);
    int before = paymentsReceivedByPayees();

    PaymentOutcome outcome = node().pay(order(foreign, Msat.ofSat(4), routingFee()));

    assertThat(outcome).isInstanceOfSatisfying(PaymentOutcome.Succeeded.class, paid -> {
      assertThat(paid.paymentHash()).isEqualTo(decoded.paymentHash());
      assertThat(paid.amount()).isEqualTo(Msat.ofSat(4));
      assertThat(paid.fee()).isLessThanOrEqualTo(routingFee());
    });
    assertThat(paymentsReceivedByPayees()).isEqualTo(before + 1);
  }

  @Test
  void aRouteCostingMoreThanTheFeeLimitIsNotPaid() {
    assumeTrue(routingFee().value() > 0, "the peer routes for free: no route can cost too much");
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(5));
    int before = paymentsReceivedByPayees();

    PaymentOutcome outcome = node().pay(order(foreign, Msat.ofSat(5), Msat.of(routingFee().value() - 1)));

    assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before);
    assertThat(node().paymentStatus(node().decode(foreign).paymentHash()).filter(s -> !(s instanceof PaymentOutcome.Failed)))
        .as("nothing paid, nothing in flight").isEmpty();
  }

  @Test
  void anOrderForAnotherAmountThanTheInvoiceAsksIsNotPaid() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(50));
    int before = paymentsReceivedByPayees();

    assertThat(node().pay(order(foreign, Msat.ofSat(49), routingFee()))).isInstanceOf(PaymentOutcome.Failed.class);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before);
  }

  @Test
  void payingTheSameInvoiceAgainReportsTheFirstPaymentAndSendsNoSecond() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(6));
    PaymentOutcome first = node().pay(order(foreign, Msat.ofSat(6), routingFee()));
    int afterFirst = paymentsReceivedByPayees();

    PaymentOutcome second = node().pay(order(foreign, Msat.ofSat(6), routingFee()));

    assertThat(first).isInstanceOf(PaymentOutcome.Succeeded.class);
    assertThat(second).isInstanceOfSatisfying(PaymentOutcome.Succeeded.class,
        paid -> assertThat(paid.paymentHash()).isEqualTo(((PaymentOutcome.Succeeded) first).paymentHash()));
    assertThat(paymentsReceivedByPayees()).isEqualTo(afterFirst);
  }

  @Test
  void theStatusOfAPaidRefundIsSucceededWithItsAmount() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(7));
    node().pay(order(foreign, Msat.ofSat(7), routingFee()));

    Optional<PaymentOutcome> status = node().paymentStatus(node().decode(foreign).paymentHash());

    assertThat(status).hasValueSatisfying(s -> assertThat(s).isInstanceOfSatisfying(PaymentOutcome.Succeeded.class,
        paid -> {
          assertThat(paid.paymentHash()).isEqualTo(node().decode(foreign).paymentHash());
          assertThat(paid.amount()).isEqualTo(Msat.ofSat(7));
          assertThat(paid.fee()).isLessThanOrEqualTo(routingFee());
        }));
  }

  @Test
  void theStatusOfAHashTheNodeNeverPaidIsEmpty() {
    assertThat(node().paymentStatus(dev.payql.ports.testing.TestPurchases.randomHash())).isEmpty();
    assertThat(node().paymentStatus(node().decode(foreignPaymentRequest(Msat.ofSat(8))).paymentHash())).isEmpty();
  }

  @Test
  void aPaymentInFlightPastTheDeadlineIsPendingThenSucceedsWithoutASecondPayment() {
    PaymentsInFlight inFlight = requirePaymentsInFlight();
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(9));
    var hash = node().decode(foreign).paymentHash();
    int before = paymentsReceivedByPayees();
    inFlight.hold(foreign);

    PaymentOutcome outcome = node().pay(order(foreign, Msat.ofSat(9), routingFee()));

    assertThat(outcome).isEqualTo(new PaymentOutcome.Pending(hash));
    assertThat(node().paymentStatus(hash)).contains(new PaymentOutcome.Pending(hash));
    assertThat(node().pay(order(foreign, Msat.ofSat(9), routingFee())))
        .as("paying again while in flight sends nothing").isEqualTo(new PaymentOutcome.Pending(hash));

    inFlight.succeed(foreign);

    assertThat(node().paymentStatus(hash)).hasValueSatisfying(s -> assertThat(s)
        .isInstanceOfSatisfying(PaymentOutcome.Succeeded.class, paid -> assertThat(paid.amount()).isEqualTo(Msat.ofSat(9))));
    assertThat(node().pay(order(foreign, Msat.ofSat(9), routingFee()))).isInstanceOf(PaymentOutcome.Succeeded.class);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before + 1);
  }

  @Test
  void aPaymentInFlightPastTheDeadlineThatThenFailsReportsFailedAndMayBeTriedAgain() {
    PaymentsInFlight inFlight = requirePaymentsInFlight();
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(10));
    var hash = node().decode(foreign).paymentHash();
    int before = paymentsReceivedByPayees();
    inFlight.hold(foreign);
    assertThat(node().pay(order(foreign, Msat.ofSat(10), routingFee()))).isEqualTo(new PaymentOutcome.Pending(hash));

    inFlight.fail(foreign);

    assertThat(node().paymentStatus(hash)).hasValueSatisfying(s -> assertThat(s).isInstanceOf(PaymentOutcome.Failed.class));
    assertThat(paymentsReceivedByPayees()).isEqualTo(before);
    assertThat(node().pay(order(foreign, Msat.ofSat(10), routingFee())))
        .as("nothing reached the payee, so a new attempt is allowed").isInstanceOf(PaymentOutcome.Succeeded.class);
    assertThat(paymentsReceivedByPayees()).isEqualTo(before + 1);
  }

  private PaymentsInFlight requirePaymentsInFlight() {
    Optional<PaymentsInFlight> inFlight = paymentsInFlight();
    assumeTrue(inFlight.isPresent(), "the peer settles every payment at once");
    return inFlight.get();
  }

  @Test
  void theNodeSaysWhoItIsAndWhereToOpenAChannel() {
    NodeInfo info = node().info();

    assertThat(info.backend()).isNotBlank();
    assertThat(info.network()).isIn("mainnet", "testnet", "signet", "regtest");
    assertThat(info.pubkey()).matches("0[23][0-9a-f]{64}");
    assertThat(info.uris()).allSatisfy(uri -> assertThat(uri).startsWith(info.pubkey() + "@"));
  }

  /**
   * The cursor after every settlement made so far, found by listening from 0 until the stream goes
   * quiet. Tests start their own listening from here so earlier tests' settlements do not interfere.
   */
  private long currentCursor() {
    List<Settlement> backlog = new CopyOnWriteArrayList<>();
    Invoice marker = issue(1);
    settle(marker);
    try (SettlementSubscription ignored = node().subscribeSettlements(0, backlog::add)) {
      Eventually.await("the backlog up to a marker settlement", () -> hashes(backlog).contains(marker.paymentHash().hex()));
    }
    return find(backlog, marker).cursor();
  }

  private static List<String> hashes(List<Settlement> settlements) {
    return settlements.stream().map(s -> s.paymentHash().hex()).toList();
  }

  private static Settlement find(List<Settlement> settlements, Invoice invoice) {
    return settlements.stream()
        .filter(s -> s.paymentHash().equals(invoice.paymentHash()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no settlement for " + invoice.paymentHash()));
  }
}
