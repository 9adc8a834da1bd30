package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Network;
import dev.payql.adapter.simnode.bolt11.SignedBolt11;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedNodeTest {

  private static final Instant START = Instant.parse("2026-03-01T12:00:00.250Z");

  @TempDir
  Path dataDirectory;

  private final MutableClock clock = new MutableClock(START);
  private SimulatedNode node;
  private ForeignWallet wallet;

  @BeforeEach
  void startNode() {
    node = new SimulatedNode(dataDirectory, clock, "node.example.org", 19735);
    wallet = new ForeignWallet(clock);
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private Invoice issue(String label, long msat, Duration expiry) {
    return node.createInvoice(new InvoiceRequest(Msat.of(msat), "one GraphQL request", expiry, label));
  }

  @Test
  void anIssuedInvoiceIsARegtestBolt11SignedByTheNodeWithEveryRequestedField() {
    Invoice invoice = node.createInvoice(
        new InvoiceRequest(Msat.of(21_500), "PayQL: { exchanges { country } }", Duration.ofMinutes(15), "purchase-1"));

    SignedBolt11 decoded = Bolt11Codec.decode(invoice.paymentRequest().text());
    assertThat(invoice.paymentRequest().text()).startsWith("lnbcrt215n1");
    assertThat(decoded.invoice().network()).isEqualTo(Network.REGTEST);
    assertThat(decoded.invoice().amount()).contains(Msat.of(21_500));
    assertThat(decoded.invoice().description()).contains("PayQL: { exchanges { country } }");
    assertThat(decoded.invoice().paymentHash()).isEqualTo(invoice.paymentHash());
    assertThat(decoded.invoice().paymentSecret()).isPresent();
    assertThat(decoded.invoice().expiry()).contains(Duration.ofMinutes(15));
    assertThat(decoded.invoice().timestamp()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(decoded.payee().hex()).isEqualTo(node.info().pubkey());
    assertThat(invoice.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(invoice.expiresAt()).isEqualTo(Instant.parse("2026-03-01T12:15:00Z"));
    assertThat(invoice.state()).isEqualTo(InvoiceState.OPEN);
  }

  @Test
  void theSettlementPreimageHashesToThePaymentHash() {
    Invoice invoice = issue("p", 1_000, Duration.ofMinutes(5));

    Preimage preimage = node.settle(invoice.paymentRequest());

    assertThat(preimage.paymentHash()).isEqualTo(invoice.paymentHash());
  }

  @Test
  void eachInvoiceHasItsOwnPaymentHashAndSecret() {
    SignedBolt11 a = Bolt11Codec.decode(issue("a", 1_000, Duration.ofMinutes(5)).paymentRequest().text());
    SignedBolt11 b = Bolt11Codec.decode(issue("b", 1_000, Duration.ofMinutes(5)).paymentRequest().text());

    assertThat(a.invoice().paymentHash()).isNotEqualTo(b.invoice().paymentHash());
    assertThat(a.invoice().paymentSecret()).isNotEqualTo(b.invoice().paymentSecret());
  }

  @Test
  void reusingALabelForAnotherAmountIsRefused() {
    issue("same-label", 1_000, Duration.ofMinutes(5));

    assertThatThrownBy(() -> issue("same-label", 2_000, Duration.ofMinutes(5)))
        .isInstanceOf(NodeRejectedException.class).hasMessageContaining("same-label");
  }

  @Test
  void anUnpaidInvoicePastItsExpiryLooksCanceled() {
    Invoice invoice = issue("lapsing", 1_000, Duration.ofMinutes(10));

    clock.advance(Duration.ofMinutes(9));
    assertThat(node.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.OPEN);
    clock.advance(Duration.ofMinutes(1));
    assertThat(node.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.CANCELED);
  }

  @Test
  void anExpiredInvoiceCannotBeSettled() {
    Invoice invoice = issue("too-late", 1_000, Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(11));

    assertThatThrownBy(() -> node.settle(invoice.paymentRequest()))
        .isInstanceOfSatisfying(SettlementRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(SettlementRefusedException.Reason.EXPIRED));
  }

  @Test
  void aSettledInvoiceStaysSettledAfterItsExpiry() {
    Invoice invoice = issue("paid-in-time", 1_000, Duration.ofMinutes(10));
    node.settle(invoice.paymentRequest());

    clock.advance(Duration.ofHours(1));

    Invoice found = node.lookupInvoice(invoice.paymentHash()).orElseThrow();
    assertThat(found.state()).isEqualTo(InvoiceState.SETTLED);
    assertThat(found.settledAt()).contains(START);
  }

  @Test
  void anotherNodesInvoiceCannotBeSettledHere() {
    Bolt11 foreign = wallet.invoice(Msat.of(1_000), Duration.ofMinutes(5));

    assertThatThrownBy(() -> node.settle(foreign))
        .isInstanceOfSatisfying(SettlementRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(SettlementRefusedException.Reason.UNKNOWN_INVOICE));
  }

  @Test
  void aPaymentRequestWithABrokenChecksumIsRefusedAsMalformed() {
    String text = issue("broken", 1_000, Duration.ofMinutes(5)).paymentRequest().text();
    Bolt11 broken = new Bolt11(text.substring(0, text.length() - 1) + (text.endsWith("q") ? "p" : "q"));

    assertThatThrownBy(() -> node.settle(broken))
        .isInstanceOfSatisfying(SettlementRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(SettlementRefusedException.Reason.MALFORMED));
  }

  @Test
  void settlingTwiceReturnsTheSamePreimageAndSettlesOnce() {
    Invoice invoice = issue("twice", 1_000, Duration.ofMinutes(5));
    Preimage first = node.settle(invoice.paymentRequest());
    clock.advance(Duration.ofSeconds(30));

    Preimage second = node.settle(invoice.paymentRequest());

    assertThat(second).isEqualTo(first);
    assertThat(node.lookupInvoice(invoice.paymentHash()).orElseThrow().settledAt()).contains(START);
    Invoice next = issue("next", 1_000, Duration.ofMinutes(5));
    node.settle(next.paymentRequest());
    List<Settlement> seen = backlogFrom(0, 2);
    assertThat(seen).extracting(Settlement::cursor).containsExactly(1L, 2L);
    assertThat(seen).extracting(Settlement::paymentHash).containsExactly(invoice.paymentHash(), next.paymentHash());
  }

  @Test
  void theStreamDeliversTheBacklogAfterTheCursorInOrderThenLiveSettlements() {
    Invoice a = issue("a", 1_000, Duration.ofMinutes(5));
    Invoice b = issue("b", 1_000, Duration.ofMinutes(5));
    Invoice c = issue("c", 1_000, Duration.ofMinutes(5));
    Invoice d = issue("d", 1_000, Duration.ofMinutes(5));
    node.settle(a.paymentRequest());
    node.settle(b.paymentRequest());
    node.settle(c.paymentRequest());
    List<Settlement> seen = new CopyOnWriteArrayList<>();

    try (SettlementSubscription ignored = node.subscribeSettlements(1, seen::add)) {
      Eventually.await("the backlog", () -> seen.size() == 2);
      node.settle(d.paymentRequest());
      Eventually.await("the live settlement", () -> seen.size() == 3);
    }

    assertThat(seen).extracting(Settlement::cursor).containsExactly(2L, 3L, 4L);
    assertThat(seen).extracting(Settlement::paymentHash)
        .containsExactly(b.paymentHash(), c.paymentHash(), d.paymentHash());
    assertThat(seen).extracting(Settlement::settledAt).containsOnly(START);
  }

  @Test
  void aClosedStreamDeliversNothingMore() {
    Invoice a = issue("a", 1_000, Duration.ofMinutes(5));
    Invoice b = issue("b", 1_000, Duration.ofMinutes(5));
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    SettlementSubscription subscription = node.subscribeSettlements(0, seen::add);
    node.settle(a.paymentRequest());
    Eventually.await("the first settlement", () -> seen.size() == 1);

    subscription.close();
    node.settle(b.paymentRequest());

    // close() returns once the delivery thread has ended, so nothing can arrive any more
    assertThat(seen).hasSize(1);
    assertThat(backlogFrom(0, 2)).hasSize(2);
  }

  @Test
  void aFailingListenerDoesNotStopItsStream() {
    Invoice a = issue("a", 1_000, Duration.ofMinutes(5));
    Invoice b = issue("b", 1_000, Duration.ofMinutes(5));
    List<Settlement> seen = new CopyOnWriteArrayList<>();

    try (SettlementSubscription ignored = node.subscribeSettlements(0, s -> {
      seen.add(s);
      throw new IllegalStateException("listener bug");
    })) {
      node.settle(a.paymentRequest());
      node.settle(b.paymentRequest());
      Eventually.await("both settlements", () -> seen.size() == 2);
    }
  }

  @Test
  void aNegativeCursorIsRefused() {
    assertThatThrownBy(() -> node.subscribeSettlements(-1, s -> {})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodingReportsHashAmountExpiryAndPayee() {
    Invoice invoice = issue("decode-me", 42_000, Duration.ofMinutes(20));

    DecodedPaymentRequest decoded = node.decode(invoice.paymentRequest());

    assertThat(decoded.paymentHash()).isEqualTo(invoice.paymentHash());
    assertThat(decoded.amount()).contains(Msat.of(42_000));
    assertThat(decoded.expiresAt()).isEqualTo(invoice.expiresAt());
    assertThat(decoded.payee()).isEqualTo(node.info().pubkey());
  }

  @Test
  void decodingSomethingThatIsNotAnInvoiceIsARejection() {
    assertThatThrownBy(() -> node.decode(new Bolt11("lnbcrt1qqqqqqqqqqqqqqqqqqqqqqqqqq")))
        .isInstanceOf(NodeRejectedException.class).hasMessageContaining("BOLT11");
  }

  /** A refund order with no room for fees: the simulated node routes nothing and charges nothing. */
  private static PaymentOrder order(Bolt11 request, long msat) {
    return new PaymentOrder(request, Msat.of(msat), Msat.ZERO);
  }

  @Test
  void aRefundIsRecordedAsPaidWithoutFee() {
    Bolt11 refund = wallet.invoice(Msat.of(5_000), Duration.ofMinutes(10));
    DecodedPaymentRequest decoded = node.decode(refund);

    PaymentOutcome outcome = node.pay(order(refund, 5_000));

    assertThat(outcome).isEqualTo(new PaymentOutcome.Succeeded(decoded.paymentHash(), Msat.of(5_000), Msat.ZERO));
    assertThat(decoded.payee()).isEqualTo(wallet.key().nodeId().hex());
    assertThat(node.sentPayments()).singleElement().satisfies(sent -> {
      assertThat(sent.paymentHash()).isEqualTo(decoded.paymentHash());
      assertThat(sent.amount()).isEqualTo(Msat.of(5_000));
      assertThat(sent.paidAt()).isEqualTo(START);
      assertThat(sent.paymentRequest()).isEqualTo(refund);
    });
  }

  @Test
  void theSameRefundInvoiceIsNotPaidTwiceButTheFirstPaymentIsReported() {
    Bolt11 refund = wallet.invoice(Msat.of(5_000), Duration.ofMinutes(10));
    PaymentOutcome first = node.pay(order(refund, 5_000));

    assertThat(node.pay(order(refund, 5_000))).isEqualTo(first);
    assertThat(node.paymentStatus(node.decode(refund).paymentHash())).contains(first);
    assertThat(node.sentPayments()).hasSize(1);
  }

  @Test
  void refundsThatARealNodeWouldRefuseFailWithAReason() {
    Bolt11 tooMuch = wallet.invoice(Msat.of(5_001), Duration.ofMinutes(10));
    Bolt11 amountless = wallet.invoice(Network.REGTEST, Optional.empty(), Duration.ofMinutes(10));
    Bolt11 mainnet = wallet.invoice(Network.MAINNET, Optional.of(Msat.of(1_000)), Duration.ofMinutes(10));
    Bolt11 own = issue("own", 1_000, Duration.ofMinutes(10)).paymentRequest();
    Bolt11 expiring = wallet.invoice(Msat.of(1_000), Duration.ofMinutes(1));

    assertThat(failure(node.pay(order(tooMuch, 5_000)))).contains("not the 5000 msat ordered");
    assertThat(failure(node.pay(order(amountless, 5_000)))).contains("no amount");
    assertThat(failure(node.pay(order(mainnet, 1_000)))).contains("mainnet");
    assertThat(failure(node.pay(order(own, 1_000)))).contains("own");
    clock.advance(Duration.ofMinutes(1));
    assertThat(failure(node.pay(order(expiring, 1_000)))).contains("expired");
    assertThat(failure(node.pay(order(new Bolt11("lnbcrt1qqqqqqqqqqqqqqqqqqqqqqqqqq"), 5_000)))).contains("BOLT11");
    assertThat(node.sentPayments()).isEmpty();
  }

  @Test
  void infoNamesTheSimulatedRegtestNodeAndItsConfiguredAddress() {
    NodeInfo info = node.info();

    assertThat(info.backend()).isEqualTo("simulated");
    assertThat(info.network()).isEqualTo("regtest");
    assertThat(info.pubkey()).matches("0[23][0-9a-f]{64}");
    assertThat(info.uris()).containsExactly(info.pubkey() + "@node.example.org:19735");
  }

  @Test
  void theKeyAndTheJournalAreReadableByTheirOwnerOnly() throws Exception {
    issue("any", 1_000, Duration.ofMinutes(5));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("simnode.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("simnode.journal.1"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theJournalNeverHoldsAPreimage() throws Exception {
    Invoice invoice = issue("secret", 1_000, Duration.ofMinutes(5));
    Preimage preimage = node.settle(invoice.paymentRequest());

    String journal = Files.readString(dataDirectory.resolve("simnode.journal.1"), StandardCharsets.UTF_8);

    assertThat(journal).contains(invoice.paymentHash().hex()).doesNotContain(preimage.hex());
  }

  @Test
  void aClosedNodeAnswersUnavailable() {
    node.close();

    assertThatThrownBy(() -> issue("late", 1_000, Duration.ofMinutes(5))).isInstanceOf(NodeUnavailableException.class);
  }

  private List<Settlement> backlogFrom(long cursor, int expected) {
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    try (SettlementSubscription ignored = node.subscribeSettlements(cursor, seen::add)) {
      Eventually.await(expected + " settlement(s)", () -> seen.size() >= expected);
    }
    return List.copyOf(seen);
  }

  private static String failure(PaymentOutcome outcome) {
    assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
    return ((PaymentOutcome.Failed) outcome).reason();
  }
}
