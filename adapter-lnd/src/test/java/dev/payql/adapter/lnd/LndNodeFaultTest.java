package dev.payql.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.lnd.testing.Connected;
import dev.payql.adapter.lnd.testing.FakeLnd;
import dev.payql.adapter.lnd.testing.SelfSignedCertificate;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What LndNode does when the node, the network or the credentials go wrong. */
class LndNodeFaultTest {

  @TempDir
  Path directory;

  private FakeLnd lnd;
  private final List<LndNode> nodes = new ArrayList<>();

  @BeforeEach
  void startLnd() {
    lnd = new FakeLnd(directory.resolve("lnd")).start();
  }

  @AfterEach
  void stopAll() {
    nodes.forEach(LndNode::close);
    lnd.stop();
  }

  private LndNode connect(LndConfig config) {
    LndNode node = new LndNode(config);
    nodes.add(node);
    return node;
  }

  private LndConfig config() {
    return LndConfig.of("localhost", lnd.port(), lnd.certificatePath(), lnd.macaroonPath());
  }

  private static InvoiceRequest request(long sat) {
    return new InvoiceRequest(Msat.ofSat(sat), "fault test", Duration.ofMinutes(10), "payql-" + UUID.randomUUID());
  }

  @Test
  void aServerRestartMidStreamNeitherLosesNorRepeatsASettlement() {
    LndNode node = connect(config());
    Invoice a = node.createInvoice(request(1));
    Invoice b = node.createInvoice(request(2));
    Invoice c = node.createInvoice(request(3));
    Invoice d = node.createInvoice(request(4));
    List<Settlement> seen = new CopyOnWriteArrayList<>();

    try (SettlementSubscription ignored = node.subscribeSettlements(0, seen::add)) {
      lnd.settle(a.paymentHash());
      Eventually.await("a before the restart", () -> seen.size() == 1);

      lnd.stop();
      lnd.settle(b.paymentHash()); // paid while the stream was cut
      lnd.start();
      lnd.settle(c.paymentHash());
      Eventually.await("b and c after the restart", () -> seen.size() >= 3);
      lnd.settle(d.paymentHash());
      Eventually.await("d on the resumed stream", () -> seen.size() >= 4);
    }

    assertThat(seen).extracting(Settlement::paymentHash)
        .containsExactly(a.paymentHash(), b.paymentHash(), c.paymentHash(), d.paymentHash());
    assertThat(seen).extracting(Settlement::cursor).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aStreamStartedWhileTheNodeIsDownCatchesUpOnceItIsBack() {
    LndNode node = connect(config());
    Invoice paid = node.createInvoice(request(5));
    lnd.settle(paid.paymentHash());
    lnd.stop();
    List<Settlement> seen = new CopyOnWriteArrayList<>();

    try (SettlementSubscription ignored = node.subscribeSettlements(0, seen::add)) {
      lnd.start();
      Eventually.await("the settlement made before the outage", () -> !seen.isEmpty());
    }

    assertThat(seen).extracting(Settlement::paymentHash).containsExactly(paid.paymentHash());
  }

  @Test
  void aClosedSubscriptionDeliversNothingMore() {
    LndNode node = connect(config());
    Invoice invoice = node.createInvoice(request(6));
    List<Settlement> closedOne = new CopyOnWriteArrayList<>();
    List<Settlement> openOne = new CopyOnWriteArrayList<>();
    SettlementSubscription closing = node.subscribeSettlements(0, closedOne::add);
    closing.close();

    try (SettlementSubscription ignored = node.subscribeSettlements(0, openOne::add)) {
      lnd.settle(invoice.paymentHash());
      Eventually.await("the settlement on the open subscription", () -> !openOne.isEmpty());
    }

    assertThat(closedOne).isEmpty();
  }

  @Test
  void aWrongMacaroonIsAPermanentRefusalThatNamesTheFileButNotItsContents() throws Exception {
    byte[] foreign = HexFormat.of().parseHex("0201036c6e6402f801030a10" + "ab".repeat(40));
    Path wrong = Files.write(directory.resolve("other.macaroon"), foreign);
    LndNode node = connect(new LndConfig("localhost", lnd.port(), lnd.certificatePath(), wrong,
        Duration.ofSeconds(10), Duration.ofSeconds(60)));

    assertThatThrownBy(() -> node.createInvoice(request(7)))
        .isInstanceOf(NodeAccessDeniedException.class)
        .hasMessageContaining("macaroon")
        .hasMessageContaining(wrong.toString())
        .hasMessageContaining("PAYQL_LND_MACAROON")
        .message().doesNotContain(HexFormat.of().formatHex(foreign));
    assertThatThrownBy(node::info).isInstanceOf(NodeAccessDeniedException.class).hasMessageContaining("macaroon");
  }

  @Test
  void aCertificateThatIsNotTheNodesIsAPermanentRefusalSayingWhatToFix() {
    SelfSignedCertificate other = SelfSignedCertificate.writeTo(directory.resolve("other-node"));
    LndNode node = connect(LndConfig.of("localhost", lnd.port(), other.certificatePath(), lnd.macaroonPath()));

    assertThatThrownBy(() -> node.createInvoice(request(8)))
        .isInstanceOf(NodeAccessDeniedException.class)
        .hasMessageContaining("certificate does not match")
        .hasMessageContaining("PAYQL_LND_TLS_CERT");
  }

  @Test
  void aMacaroonThatMayNotPayIsRefusedBeforeAnythingIsSentAndSaysWhichPermissionIsMissing() {
    LndNode node = connect(LndConfig.of("localhost", lnd.port(), lnd.certificatePath(), lnd.invoiceMacaroonPath()));
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(1));

    assertThat(node.createInvoice(request(14)).amount()).isEqualTo(Msat.ofSat(14));
    assertThatThrownBy(() -> node.pay(new PaymentOrder(refund, Msat.ofSat(1), Msat.ofSat(1))))
        .isInstanceOf(NodeAccessDeniedException.class)
        .hasMessageContaining("offchain:read");
    assertThat(lnd.paymentAttempts()).isZero();
  }

  // ---- refunds through the router (SendPaymentV2 / TrackPaymentV2)

  /** A connected node whose LND gives up routes after one second; its stream deadline is 6 s. */
  private LndNode refundingNode() {
    return Connected.once(connect(config().withCallTimeout(Duration.ofSeconds(5))
        .withPaymentTimeout(Duration.ofSeconds(1))));
  }

  @Test
  void theFeeLimitSentIsTheOrdersExactlyWithNoFloorOfLndsOwn() {
    LndNode node = refundingNode();
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(1));

    PaymentOutcome outcome = node.pay(new PaymentOrder(refund, Msat.ofSat(1), Msat.of(1_500)));

    assertThat(outcome).isInstanceOf(PaymentOutcome.Succeeded.class);
    assertThat(lnd.paymentRequests()).singleElement().satisfies(sent -> {
      assertThat(sent.getFeeLimitMsat()).isEqualTo(1_500);
      assertThat(sent.getFeeLimitSat()).isZero();
      assertThat(sent.getTimeoutSeconds()).isEqualTo(1);
      assertThat(sent.getNoInflightUpdates()).isTrue();
      assertThat(sent.getAmtMsat()).as("the invoice names the amount").isZero();
    });
  }

  @Test
  void aOneSatRefundWithAFiftyMsatLimitIsNotPaidRatherThanPaidAtTenSat() {
    LndNode node = refundingNode();
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(1));

    PaymentOutcome outcome = node.pay(new PaymentOrder(refund, Msat.ofSat(1), Msat.of(50)));

    assertThat(outcome).isInstanceOfSatisfying(PaymentOutcome.Failed.class,
        failed -> assertThat(failed.reason()).contains("fee limit"));
    assertThat(lnd.paymentRequests()).singleElement().satisfies(sent -> assertThat(sent.getFeeLimitMsat()).isEqualTo(50));
    assertThat(lnd.paymentsMade()).isZero();
  }

  @Test
  void refundOutcomeUnknown_aPaymentInFlightPastTheDeadlineIsPendingThenReportedDoneAndNeverSentTwice() {
    LndNode node = refundingNode();
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(2));
    PaymentHash hash = node.decode(refund).paymentHash();
    lnd.holdPayments(refund);

    assertThat(node.pay(new PaymentOrder(refund, Msat.ofSat(2), Msat.ofSat(2)))).isEqualTo(new PaymentOutcome.Pending(hash));
    assertThat(node.paymentStatus(hash)).contains(new PaymentOutcome.Pending(hash));

    lnd.settleHeldPayment(refund);

    assertThat(node.paymentStatus(hash)).contains(
        new PaymentOutcome.Succeeded(hash, Msat.ofSat(2), Msat.of(FakeLnd.ROUTING_FEE_MSAT)));
    assertThat(node.pay(new PaymentOrder(refund, Msat.ofSat(2), Msat.ofSat(2))))
        .isEqualTo(new PaymentOutcome.Succeeded(hash, Msat.ofSat(2), Msat.of(FakeLnd.ROUTING_FEE_MSAT)));
    assertThat(lnd.paymentAttempts()).isEqualTo(1);
    assertThat(lnd.paymentsMade()).isEqualTo(1);
  }

  @Test
  void refundOutcomeUnknown_aPaymentInFlightPastTheDeadlineThatThenFailsIsReportedFailed() {
    LndNode node = refundingNode();
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(3));
    PaymentHash hash = node.decode(refund).paymentHash();
    lnd.holdPayments(refund);
    assertThat(node.pay(new PaymentOrder(refund, Msat.ofSat(3), Msat.ofSat(3)))).isEqualTo(new PaymentOutcome.Pending(hash));

    lnd.failHeldPayment(refund);

    assertThat(node.paymentStatus(hash)).hasValueSatisfying(status -> assertThat(status)
        .isInstanceOfSatisfying(PaymentOutcome.Failed.class, f -> assertThat(f.reason()).contains("timeout")));
    assertThat(lnd.paymentsMade()).isZero();
  }

  @Test
  void aPaymentWhoseStreamBreaksWhenLndStopsIsPendingAndItsOutcomeIsReadAfterTheRestart() throws Exception {
    LndNode node = refundingNode();
    Bolt11 refund = lnd.foreignPaymentRequest(Msat.ofSat(4));
    PaymentHash hash = node.decode(refund).paymentHash();
    lnd.holdPayments(refund);
    Thread stopper = Thread.ofVirtual().start(() -> {
      Eventually.await("the payment to be in flight", () -> lnd.paymentAttempts() == 1);
      lnd.stop();
    });

    PaymentOutcome outcome = node.pay(new PaymentOrder(refund, Msat.ofSat(4), Msat.ofSat(4)));
    stopper.join();

    assertThat(outcome).isEqualTo(new PaymentOutcome.Pending(hash));
    lnd.settleHeldPayment(refund); // the HTLC resolved while LND was down
    lnd.start();
    assertThat(node.paymentStatus(hash)).hasValueSatisfying(
        status -> assertThat(status).isInstanceOf(PaymentOutcome.Succeeded.class));
    assertThat(lnd.paymentsMade()).isEqualTo(1);
  }

  @Test
  void theStatusOfAHashLndNeverPaidIsEmptyBecauseTrackPaymentV2AnswersNotFound() {
    LndNode node = refundingNode();

    assertThat(node.paymentStatus(PaymentHash.ofHex("00".repeat(32)))).isEmpty();
  }

  @Test
  void aRefundToAnInvoiceOfThisNodeIsFailedAndNothingIsSent() {
    LndNode node = refundingNode();
    Invoice own = node.createInvoice(request(15));

    assertThat(node.pay(new PaymentOrder(own.paymentRequest(), Msat.ofSat(15), Msat.ofSat(1))))
        .isInstanceOfSatisfying(PaymentOutcome.Failed.class, f -> assertThat(f.reason()).contains("self-payments"));
    assertThat(lnd.paymentAttempts()).isZero();
  }

  /** A node with a short deadline whose connection (TLS handshake included) is already up. */
  private LndNode impatientNode() {
    return Connected.once(connect(config().withCallTimeout(Duration.ofSeconds(1))));
  }

  @Test
  void aNodeAnsweringPastTheDeadlineIsUnavailable() {
    Invoice invoice = connect(config()).createInvoice(request(9));
    LndNode node = impatientNode();
    lnd.delayResponses(Duration.ofSeconds(3));

    assertThatThrownBy(() -> node.lookupInvoice(invoice.paymentHash()))
        .isInstanceOf(NodeUnavailableException.class)
        .hasMessageContaining("did not answer");
  }

  @Test
  void anInvoiceWhoseAnswerWasLostIsFoundAgainByItsLabelInsteadOfIssuedTwice() {
    LndNode node = impatientNode();
    InvoiceRequest request = request(10);
    lnd.delayResponses(Duration.ofSeconds(3));

    assertThatThrownBy(() -> node.createInvoice(request)).isInstanceOf(NodeUnavailableException.class);
    Eventually.await("the slow node to issue the invoice anyway", () -> lnd.invoiceCount() == 1);
    lnd.delayResponses(Duration.ZERO);
    Invoice retried = node.createInvoice(request);
    Invoice again = node.createInvoice(request);

    assertThat(lnd.invoiceCount()).isEqualTo(1);
    assertThat(again.paymentHash()).isEqualTo(retried.paymentHash());
    assertThat(retried.amount()).isEqualTo(Msat.ofSat(10));
  }

  @Test
  void aNodeThatIsDownIsUnavailable() {
    LndNode node = connect(config());
    lnd.stop();

    assertThatThrownBy(() -> node.createInvoice(request(11)))
        .isInstanceOf(NodeUnavailableException.class)
        .hasMessageContaining("unreachable");
  }

  @Test
  void aNodeBackFromAnOutageAnswersTheNextCallWithoutWaitingOutGrpcsReconnectBackoff() {
    LndNode node = connect(config());
    node.info();
    lnd.stop();
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(node::info).isInstanceOf(NodeUnavailableException.class);
    }

    lnd.start();

    assertThat(node.info().pubkey()).isEqualTo(lnd.pubkey());
  }

  @Test
  void anOpenInvoicePastItsExpiryReadsCanceled(@TempDir Path other) {
    MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    try (FakeLnd expiring = new FakeLnd(other, clock).start()) {
      LndNode node = connect(LndConfig.of("localhost", expiring.port(), expiring.certificatePath(),
          expiring.macaroonPath()));
      Invoice invoice = node.createInvoice(
          new InvoiceRequest(Msat.ofSat(12), "expires", Duration.ofSeconds(60), "payql-expiring"));

      clock.advance(Duration.ofSeconds(61));

      assertThat(node.lookupInvoice(invoice.paymentHash())).get()
          .extracting(Invoice::state).isEqualTo(InvoiceState.CANCELED);
    }
  }

  @Test
  void aMissingMacaroonFileIsAStartUpErrorNamingIt() {
    Path missing = directory.resolve("nowhere/invoice.macaroon");

    assertThatThrownBy(() -> new LndNode(LndConfig.of("localhost", lnd.port(), lnd.certificatePath(), missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("macaroon")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aCertificateFileThatIsNotACertificateIsAStartUpErrorNamingIt() throws Exception {
    Path notPem = Files.writeString(directory.resolve("tls.cert"), "not a certificate");

    assertThatThrownBy(() -> new LndNode(LndConfig.of("localhost", lnd.port(), notPem, lnd.macaroonPath())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate")
        .hasMessageContaining(notPem.toString());
  }

  @Test
  void aMissingCertificateFileIsAStartUpErrorNamingIt() {
    Path missing = directory.resolve("missing/tls.cert");

    assertThatThrownBy(() -> new LndNode(LndConfig.of("localhost", lnd.port(), missing, lnd.macaroonPath())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }
}
