package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.adapter.lnd.testing.FakeLnd;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
