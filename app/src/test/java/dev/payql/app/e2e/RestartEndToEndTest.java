package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.domain.lightning.Bolt11;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing paid is lost: an invoice paid while PayQL was down is still redeemable after it starts. */
class RestartEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }");

  @TempDir
  Path dataDir;

  @Test
  void anInvoicePaidWhilePayqlWasDownIsRedeemableAfterStart() {
    JsonNode invoice;
    try (PayqlTestInstance first = PayqlTestInstance.start(dataDir, Map.of())) {
      invoice = first.buyer().invoice(BODY);
    }

    // the node keeps running while PayQL is down and the buyer's payment arrives
    try (SimulatedNode node = new SimulatedNode(dataDir.resolve("simnode"), Clock.systemUTC())) {
      node.settle(Bolt11.parse(invoice.get("paymentRequest").asText()));
    }

    try (PayqlTestInstance second = PayqlTestInstance.start(dataDir, Map.of())) {
      HttpResponse<String> answer = second.buyer().graphql(invoice.get("apikey").asText(), BODY);

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isNotBlank();
    }
  }

  @Test
  void aSpentKeyStaysSpentAcrossARestart() {
    JsonNode invoice;
    try (PayqlTestInstance first = PayqlTestInstance.start(dataDir, Map.of())) {
      invoice = first.buyer().invoice(BODY);
      first.buyer().pay(invoice);
      assertThat(first.buyer().graphql(invoice.get("apikey").asText(), BODY).statusCode()).isEqualTo(200);
    }

    try (PayqlTestInstance second = PayqlTestInstance.start(dataDir, Map.of())) {
      HttpResponse<String> other = second.buyer().graphql(invoice.get("apikey").asText(),
          Buyer.body("{ exchanges { exchangeSymbol } }"));

      assertThat(other.statusCode()).isEqualTo(410);
    }
  }
}
