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

  /** Whether the node under test can route a payment to another node; a simulated node cannot. */
  protected boolean routesPayments() {
    return true;
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

  @Test
  void aRefundWithinTheLimitIsPaid() {
    assumeTrue(routesPayments(), "the node under test cannot route payments");
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(4));
    DecodedPaymentRequest decoded = node().decode(foreign);

    PaymentOutcome outcome = node().pay(new PaymentOrder(foreign, Msat.ofSat(4), Msat.ZERO));

    assertThat(outcome).isInstanceOfSatisfying(PaymentOutcome.Succeeded.class, paid -> {
      assertThat(paid.paymentHash()).isEqualTo(decoded.paymentHash());
      assertThat(paid.amount()).isEqualTo(Msat.ofSat(4));
    });
  }

  @Test
  void aRefundAskingForMoreThanTheLimitIsNotPaid() {
    Bolt11 foreign = foreignPaymentRequest(Msat.ofSat(50));

    assertThat(node().pay(new PaymentOrder(foreign, Msat.ofSat(49), Msat.ZERO))).isInstanceOf(PaymentOutcome.Failed.class);
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
