package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.adapter.lnd.testing.FakeLnd;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.ports.testing.Eventually;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole HTTP flow with a real node backend chosen by configuration alone: LND over gRPC with
 * TLS and a macaroon, and Core Lightning over its unix socket, each played by a real protocol peer.
 */
class RealNodeBackendsEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }");

  @TempDir
  Path dir;

  private static void buyPayRun(PayqlTestInstance payql, String backend, Consumer<String> wallet) {
    Buyer buyer = payql.buyer();
    JsonNode invoice = buyer.invoice(BODY);
    String key = invoice.get("apikey").asText();

    HttpResponse<String> beforePaying = buyer.graphql(key, BODY);
    wallet.accept(invoice.get("paymentHash").asText());
    HttpResponse<String> afterPaying = buyer.graphql(key, BODY);

    assertThat(beforePaying.statusCode()).isEqualTo(402);
    assertThat(afterPaying.statusCode()).as(afterPaying.body()).isEqualTo(200);
    assertThat(Buyer.parse(afterPaying).at("/data/exchange/country").asText()).isNotBlank();
    assertThat(Buyer.parse(buyer.get("/api/node", Map.of())).get("backend").asText()).isEqualTo(backend);
    assertThat(buyer.post("/dev/pay", "{\"paymentRequest\":\"x\"}", Map.of()).statusCode())
        .as("only the simulated node has a wallet endpoint").isIn(404, 405);
  }

  @Test
  void withLnd() {
    try (FakeLnd lnd = new FakeLnd(dir.resolve("lnd")).start();
        PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("payql"), Map.of(
            "PAYQL_NODE_BACKEND", "lnd",
            "PAYQL_LND_HOST", "localhost",
            "PAYQL_LND_PORT", String.valueOf(lnd.port()),
            "PAYQL_LND_TLS_CERT", lnd.certificatePath().toString(),
            "PAYQL_LND_MACAROON", lnd.macaroonPath().toString()))) {
      buyPayRun(payql, "lnd", lnd::settle);
    }
  }

  /**
   * Fault test "refund outcome unknown" end to end (issue #10): LND's deadline passes with the
   * refund in flight, PayQL answers 202 and keeps the key REFUNDING; once LND reports the payment
   * done, the reconciliation ends it REFUNDED. Payments counted at the fake LND: one.
   */
  @Test
  void withLnd_aRefundWhoseOutcomeIsUnknownAtTheDeadlineEndsRefundedExactlyOnce() {
    WatchedEngine[] engine = new WatchedEngine[1];
    try (FakeLnd lnd = new FakeLnd(dir.resolve("lnd")).start();
        PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("payql"), Map.of(
            "PAYQL_NODE_BACKEND", "lnd",
            "PAYQL_LND_HOST", "localhost",
            "PAYQL_LND_PORT", String.valueOf(lnd.port()),
            "PAYQL_LND_TLS_CERT", lnd.certificatePath().toString(),
            "PAYQL_LND_MACAROON", lnd.macaroonPath().toString(),
            "PAYQL_LND_TIMEOUT", "10s",
            // the fake route costs a sat: a 1-sat refund needs the whole of it as fee limit
            "PAYQL_REFUND_MAX_FEE_PERCENT", "100",
            "PAYQL_REFUND_PAYMENT_TIMEOUT", "1s",
            "PAYQL_REFUND_RECONCILE_INTERVAL", "500ms"), Clock.systemUTC(),
            real -> engine[0] = new WatchedEngine(real))) {
      Buyer buyer = payql.buyer();
      JsonNode invoice = buyer.invoice(BODY);
      String key = invoice.get("apikey").asText();
      Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);
      lnd.settle(invoice.get("paymentHash").asText());
      engine[0].failing(true);
      assertThat(Buyer.parse(buyer.graphql(key, BODY)).get("errors")).isNotEmpty();
      Msat paid = Msat.of(invoice.get("value").asLong());

      HttpResponse<String> ownInvoice = buyer.post("/api/refund",
          refundBody(buyer.invoice(Buyer.body("{ assets { assetSymbol } }")).get("paymentRequest").asText()), bearer);
      assertThat(ownInvoice.statusCode()).as(ownInvoice.body()).isEqualTo(400);
      assertThat(Buyer.parse(ownInvoice).get("code").asText()).isEqualTo("refund_to_own_node");
      assertThat(ownInvoice.headers().firstValue("Retry-After")).isEmpty();

      Bolt11 refund = lnd.foreignPaymentRequest(paid);
      lnd.holdPayments(refund);
      HttpResponse<String> accepted = buyer.post("/api/refund", refundBody(refund.text()), bearer);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(Buyer.parse(accepted).get("state").asText()).isEqualTo("refunding");
      assertThat(state(buyer, bearer)).isEqualTo("refunding");
      HttpResponse<String> again = buyer.post("/api/refund", refundBody(lnd.foreignPaymentRequest(paid).text()), bearer);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(Buyer.parse(again).get("code").asText()).isEqualTo("refund_in_progress");
      engine[0].failing(false);
      HttpResponse<String> run = buyer.graphql(key, BODY);
      assertThat(run.statusCode()).as("a key being refunded does not run").isEqualTo(409);
      assertThat(Buyer.parse(run).get("code").asText()).isEqualTo("refund_in_progress");

      lnd.settleHeldPayment(refund);
      Eventually.await("the reconciliation to record the refund", () -> state(buyer, bearer).equals("refunded"));

      assertThat(lnd.paymentAttempts()).isEqualTo(1);
      assertThat(lnd.paymentsMade()).isEqualTo(1);
      assertThat(buyer.post("/api/refund", refundBody(lnd.foreignPaymentRequest(paid).text()), bearer).statusCode())
          .isEqualTo(409);
      assertThat(Buyer.parse(buyer.graphql(key, BODY)).get("code").asText()).isEqualTo("key_refunded");
      assertThat(lnd.paymentsMade()).isEqualTo(1);
    }
  }

  private static String refundBody(String paymentRequest) {
    return "{\"paymentRequest\":\"" + paymentRequest + "\"}";
  }

  private static String state(Buyer buyer, Map<String, String> bearer) {
    return Buyer.parse(buyer.get("/api/invoice/status", bearer)).get("state").asText();
  }

  @Test
  void withCoreLightningOverItsSocket() throws java.io.IOException {
    try (FakeCoreLightning cln = FakeCoreLightning.start(java.nio.file.Files.createDirectories(dir.resolve("cln")));
        PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("payql"), Map.of(
            "PAYQL_NODE_BACKEND", "cln",
            "PAYQL_CLN_RPC_SOCKET", cln.socketPath().toString()))) {
      buyPayRun(payql, "cln", cln::pay);
    }
  }
}
