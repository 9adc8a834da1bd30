package dev.payql.adapter.cln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when the socket, the node or an answer goes missing. */
class ClnNodeFaultTest {

  @TempDir
  Path dir;

  private FakeCoreLightning cln;
  private ClnNode node;

  @BeforeEach
  void start() {
    cln = FakeCoreLightning.start(dir);
    node = new ClnNode(TestClnConfigs.socket(cln.socketPath()));
  }

  @AfterEach
  void stop() {
    node.close();
    cln.stop();
  }

  private static InvoiceRequest request(long sat) {
    return new InvoiceRequest(Msat.ofSat(sat), "fault test", Duration.ofMinutes(10), "payql-" + UUID.randomUUID());
  }

  private static List<Long> cursors(List<Settlement> seen) {
    return new ArrayList<>(seen.stream().map(Settlement::cursor).toList());
  }

  @Test
  void whenTheNodeDropsTheConnectionMidWait_theStreamResumesWithoutMissingOrDoublingASettlement() {
    Invoice a = node.createInvoice(request(1));
    Invoice b = node.createInvoice(request(2));
    Invoice c = node.createInvoice(request(3));
    Invoice d = node.createInvoice(request(4));
    List<Settlement> seen = new CopyOnWriteArrayList<>();

    SettlementSubscription subscription = node.subscribeSettlements(0, seen::add);
    try {
      cln.pay(a.paymentHash());
      Eventually.await("the first settlement", () -> seen.size() == 1);
      cln.dropConnections(); // the stream is blocked in waitanyinvoice right now
      cln.pay(b.paymentHash()); // paid while the stream is disconnected
      cln.pay(c.paymentHash());
      Eventually.await("the settlements paid across the drop", () -> seen.size() >= 3);
      cln.dropConnections(); // once more, now that nothing is pending
      cln.pay(d.paymentHash());
      Eventually.await("the settlement after the second drop", () -> seen.size() >= 4);
    } finally {
      subscription.close();
    }

    assertThat(seen).extracting(Settlement::paymentHash)
        .containsExactly(a.paymentHash(), b.paymentHash(), c.paymentHash(), d.paymentHash());
    assertThat(cursors(seen)).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void whenTheNodeRestarts_theNextCallReconnectsAndTheStreamResumesFromItsLastPayIndex() {
    Invoice before = node.createInvoice(request(4));
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    SettlementSubscription subscription = node.subscribeSettlements(0, seen::add);
    try {
      cln.pay(before.paymentHash());
      Eventually.await("the settlement before the restart", () -> seen.size() == 1);

      cln.restart();

      Invoice after = node.createInvoice(request(5)); // a pooled connection died with the old server
      assertThat(node.lookupInvoice(before.paymentHash())).isPresent();
      cln.pay(after.paymentHash());
      Eventually.await("the settlement after the restart", () -> seen.size() == 2);
      assertThat(seen.get(1).paymentHash()).isEqualTo(after.paymentHash());
    } finally {
      subscription.close();
    }
    assertThat(cursors(seen)).containsExactly(1L, 2L);
  }

  @Test
  void whenTheAnswerToInvoiceIsLost_theRetryFindsTheInvoiceByLabelInsteadOfMakingASecond() {
    InvoiceRequest request = request(6);
    cln.loseNextAnswerTo("invoice");

    assertThatThrownBy(() -> node.createInvoice(request)).isInstanceOf(NodeUnavailableException.class);
    Invoice retried = node.createInvoice(request);

    assertThat(cln.invoiceCount()).isEqualTo(1);
    assertThat(node.lookupInvoice(retried.paymentHash())).map(Invoice::paymentRequest)
        .contains(retried.paymentRequest());
    assertThat(retried.amount()).isEqualTo(Msat.ofSat(6));
  }

  @Test
  void aLabelAlreadyUsedForADifferentInvoiceIsRefused() {
    InvoiceRequest first = request(7);
    node.createInvoice(first);
    InvoiceRequest clash = new InvoiceRequest(Msat.ofSat(8), first.description(), first.expiry(), first.label());

    assertThatThrownBy(() -> node.createInvoice(clash))
        .isInstanceOf(NodeRejectedException.class)
        .hasMessageContaining(first.label());
  }

  @Test
  void aMissingSocketIsUnavailableAndNamesThePath() {
    Path nowhere = dir.resolve("no-such-dir").resolve("lightning-rpc");
    try (ClnNode elsewhere = new ClnNode(TestClnConfigs.socket(nowhere))) {
      assertThatThrownBy(elsewhere::info)
          .isInstanceOf(NodeUnavailableException.class)
          .hasMessageContaining(nowhere.toString())
          .hasMessageContaining("lightningd running");
    }
  }

  @Test
  void aSocketFileNobodyListensOnIsUnavailable() throws Exception {
    Path stale = dir.resolve("stale-rpc");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(stale)); // closing leaves the file behind, as a crash does
    }
    try (ClnNode leftOver = new ClnNode(TestClnConfigs.socket(stale))) {
      assertThatThrownBy(leftOver::info)
          .isInstanceOf(NodeUnavailableException.class)
          .hasMessageContaining(stale.toString())
          .hasMessageContaining("nothing listens");
    }
  }

  @Test
  void aSocketThisUserMayNotOpenIsAPermanentRefusalAndSaysWhoOwnsIt() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root opens any socket: no permission to deny");
    Files.setPosixFilePermissions(cln.socketPath(), PosixFilePermissions.fromString("r--------"));

    assertThatThrownBy(node::info)
        .isInstanceOf(NodeAccessDeniedException.class)
        .hasMessageContaining("permission denied")
        .hasMessageContaining("owned by user '" + System.getProperty("user.name") + "'");
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeIsUnavailable() throws Exception {
    Path silent = dir.resolve("silent-rpc");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(silent));
      List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
      Thread.ofVirtual().start(() -> {
        try {
          accepted.add(server.accept()); // reads nothing, answers nothing
        } catch (Exception ignored) {
          // closed at the end of the test
        }
      });
      ClnConfig impatient = TestClnConfigs.socket(silent).withCallTimeout(Duration.ofMillis(300));
      try (ClnNode stuck = new ClnNode(impatient)) {
        assertThatThrownBy(stuck::info)
            .isInstanceOf(NodeUnavailableException.class)
            .hasMessageContaining("did not answer getinfo");
      }
      for (SocketChannel channel : accepted) {
        channel.close();
      }
    }
  }

  @Test
  void aJsonRpcErrorBecomesARejectionWithCoreLightningsCode() {
    Bolt11 unknown = Bolt11.parse("lnbcrt10p1" + "q".repeat(60));

    assertThatThrownBy(() -> node.decode(unknown))
        .isInstanceOfSatisfying(ClnRejectedException.class, e -> {
          assertThat(e.code()).isEqualTo(ClnRejectedException.INVALID_PARAMS);
          assertThat(e.method()).isEqualTo("decode");
        })
        .hasMessageContaining("Unparsable");
  }

  private static PaymentOrder order(String bolt11, Msat amount, Msat maxFee) {
    return new PaymentOrder(Bolt11.parse(bolt11), amount, maxFee);
  }

  @Test
  void aRefundIsPaidOnceWithTheOrdersMaxfeeAndRetryForAndReportsTheFee() {
    String foreign = cln.foreignInvoice(Msat.ofSat(9));

    PaymentOutcome outcome = node.pay(order(foreign, Msat.ofSat(9), Msat.of(450)));

    assertThat(outcome).isEqualTo(new PaymentOutcome.Succeeded(node.decode(Bolt11.parse(foreign)).paymentHash(),
        Msat.ofSat(9), Msat.of(FakeCoreLightning.ROUTING_FEE_MSAT)));
    assertThat(cln.paidOut()).containsExactly(foreign);
    assertThat(cln.payCalls()).singleElement().satisfies(params -> {
      assertThat(params.path("maxfee").asLong()).isEqualTo(450);
      assertThat(params.path("retry_for").asInt()).isEqualTo(1);
      assertThat(params.has("maxfeepercent")).isFalse();
      assertThat(params.has("amount_msat")).as("the invoice names the amount").isFalse();
    });
  }

  @Test
  void aRefundForAnotherAmountThanTheInvoiceAsksIsNeverSentToTheNode() {
    String foreign = cln.foreignInvoice(Msat.ofSat(10));

    assertThat(node.pay(order(foreign, Msat.of(9_999), Msat.ofSat(1)))).isInstanceOf(PaymentOutcome.Failed.class);
    assertThat(cln.payCalls()).isEmpty();
  }

  @Test
  void aRouteDearerThanMaxfeeIsFailedWithNothingSent() {
    String foreign = cln.foreignInvoice(Msat.ofSat(1));

    PaymentOutcome outcome = node.pay(order(foreign, Msat.ofSat(1), Msat.ZERO));

    assertThat(outcome).isInstanceOfSatisfying(PaymentOutcome.Failed.class,
        failed -> assertThat(failed.reason()).contains("206"));
    assertThat(cln.payAttempts()).isZero();
    assertThat(node.paymentStatus(node.decode(Bolt11.parse(foreign)).paymentHash())).isEmpty();
  }

  @Test
  void refundOutcomeUnknown_aPayStillPendingPastTheDeadlineIsPendingThenReportedDoneAndNeverSentTwice() {
    String foreign = cln.foreignInvoice(Msat.ofSat(2));
    PaymentHash hash = node.decode(Bolt11.parse(foreign)).paymentHash();
    cln.holdPayments(foreign);

    assertThat(node.pay(order(foreign, Msat.ofSat(2), Msat.ofSat(1)))).isEqualTo(new PaymentOutcome.Pending(hash));
    assertThat(node.paymentStatus(hash)).contains(new PaymentOutcome.Pending(hash));
    assertThat(node.pay(order(foreign, Msat.ofSat(2), Msat.ofSat(1))))
        .as("pay refuses a second payment while one is pending (200)").isEqualTo(new PaymentOutcome.Pending(hash));

    cln.completeHeldPayment(foreign);

    PaymentOutcome paid = new PaymentOutcome.Succeeded(hash, Msat.ofSat(2), Msat.of(FakeCoreLightning.ROUTING_FEE_MSAT));
    assertThat(node.paymentStatus(hash)).contains(paid);
    assertThat(node.pay(order(foreign, Msat.ofSat(2), Msat.ofSat(1)))).isEqualTo(paid);
    assertThat(cln.payAttempts()).isEqualTo(1);
    assertThat(cln.paidOut()).containsExactly(foreign);
  }

  @Test
  void refundOutcomeUnknown_aPayStillPendingPastTheDeadlineThatThenFailsIsReportedFailed() {
    String foreign = cln.foreignInvoice(Msat.ofSat(3));
    PaymentHash hash = node.decode(Bolt11.parse(foreign)).paymentHash();
    cln.holdPayments(foreign);
    assertThat(node.pay(order(foreign, Msat.ofSat(3), Msat.ofSat(1)))).isEqualTo(new PaymentOutcome.Pending(hash));

    cln.failHeldPayment(foreign);

    assertThat(node.paymentStatus(hash)).hasValueSatisfying(s -> assertThat(s).isInstanceOf(PaymentOutcome.Failed.class));
    assertThat(cln.paidOut()).isEmpty();
  }

  @Test
  void theAnswerToPayLostWithTheConnectionIsPendingAndListpaysTellsTheOutcome() {
    String foreign = cln.foreignInvoice(Msat.ofSat(4));
    PaymentHash hash = node.decode(Bolt11.parse(foreign)).paymentHash();
    cln.loseNextAnswerTo("pay");

    assertThat(node.pay(order(foreign, Msat.ofSat(4), Msat.ofSat(1)))).isEqualTo(new PaymentOutcome.Pending(hash));

    assertThat(node.paymentStatus(hash)).hasValueSatisfying(s -> assertThat(s).isInstanceOf(PaymentOutcome.Succeeded.class));
    assertThat(cln.paidOut()).containsExactly(foreign);
  }

  @Test
  void aNodeWithoutListpaysIsAskedListsendpays() {
    String foreign = cln.foreignInvoice(Msat.ofSat(5));
    PaymentHash hash = node.decode(Bolt11.parse(foreign)).paymentHash();
    node.pay(order(foreign, Msat.ofSat(5), Msat.ofSat(1)));
    cln.removeCommand("listpays");

    assertThat(node.paymentStatus(hash))
        .contains(new PaymentOutcome.Succeeded(hash, Msat.ofSat(5), Msat.of(FakeCoreLightning.ROUTING_FEE_MSAT)));
    assertThat(node.paymentStatus(PaymentHash.ofHex("00".repeat(32)))).isEmpty();
  }

  @Test
  void decodeIsTheOnlyDecoderUsedBecauseCoreLightningV26RemovedDecodepay() {
    String foreign = cln.foreignInvoice(Msat.ofSat(6));

    assertThat(node.decode(Bolt11.parse(foreign)).amount()).contains(Msat.ofSat(6));
    assertThat(node.info().backend()).isEqualTo("cln");
  }

  @Test
  void aNodeWithoutDecodeIsAPermanentRefusalNamingTheVersionNeeded() {
    cln.removeCommand("decode");

    assertThatThrownBy(() -> node.decode(Bolt11.parse(cln.foreignInvoice(Msat.ofSat(7)))))
        .isInstanceOf(NodeAccessDeniedException.class)
        .hasMessageContaining("v23.05");
  }

  @Test
  void aRefundToAnInvoiceOfThisNodeIsFailed() {
    Invoice own = node.createInvoice(request(16));

    assertThat(node.pay(new PaymentOrder(own.paymentRequest(), Msat.ofSat(16), Msat.ofSat(1))))
        .isInstanceOfSatisfying(PaymentOutcome.Failed.class, f -> assertThat(f.reason()).contains("ourselves"));
    assertThat(cln.paidOut()).isEmpty();
  }

  @Test
  void nodeInfoTurnsAnnouncedAddressesIntoChannelUris() {
    var info = node.info();

    assertThat(info.backend()).isEqualTo("cln");
    assertThat(info.network()).isEqualTo("regtest");
    assertThat(info.uris()).containsExactly(info.pubkey() + "@203.0.113.7:9735", info.pubkey() + "@[2001:db8::7]:9735");
  }

  @Test
  void theFakeSettlesAnInvoiceByItsPaymentRequestAsAWalletWould() {
    Invoice invoice = node.createInvoice(request(13));

    cln.payRequest(invoice.paymentRequest().text().toUpperCase());

    assertThat(node.lookupInvoice(invoice.paymentHash()).orElseThrow().isSettled()).isTrue();
  }

  @Test
  void aClosedSubscriptionDeliversNothingMore() {
    Invoice late = node.createInvoice(request(11));
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    SettlementSubscription subscription = node.subscribeSettlements(0, seen::add);

    subscription.close();
    cln.pay(late.paymentHash());
    Invoice marker = node.createInvoice(request(12));
    cln.pay(marker.paymentHash());
    List<Settlement> other = new CopyOnWriteArrayList<>();
    SettlementSubscription second = node.subscribeSettlements(0, other::add);
    try {
      Eventually.await("both settlements on a new stream", () -> other.size() == 2);
    } finally {
      second.close();
    }

    assertThat(seen).isEmpty();
  }
}
