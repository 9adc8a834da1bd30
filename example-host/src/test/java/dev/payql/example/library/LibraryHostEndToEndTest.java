package dev.payql.example.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.app.embed.Paywall;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's own schema bought, paid and redeemed over real HTTP through the embedded paywall. */
class LibraryHostEndToEndTest {

  private static final String BODY = "{\"query\":\"{ books(first: 2) { title author } }\"}";

  @TempDir
  Path dataDirectory;
  private Paywall paywall;
  private LibraryBuyer buyer;

  @BeforeEach
  void start() {
    paywall = LibraryHost.start(dataDirectory, Map.of("PAYQL_PORT", "0"));
    buyer = new LibraryBuyer(paywall.baseUrl());
  }

  @AfterEach
  void stop() {
    paywall.close();
  }

  @Test
  void aRequestOnTheHostsSchemaIsPricedByItsRulesPaidAndRunOnce() throws Exception {
    JsonNode invoice = LibraryBuyer.json(buyer.post("/api/invoice", BODY, null));
    assertThat(invoice.get("cost").asLong()).as("two books asked for").isEqualTo(2);

    HttpResponse<String> unpaid = buyer.post("/graphql", BODY, invoice.get("apikey").asText());
    buyer.post("/dev/pay", LibraryBuyer.JSON.writeValueAsString(Map.of("paymentRequest", invoice.get("paymentRequest").asText())), null);
    HttpResponse<String> paid = buyer.post("/graphql", BODY, invoice.get("apikey").asText());
    HttpResponse<String> replay = buyer.post("/graphql", BODY, invoice.get("apikey").asText());

    assertThat(unpaid.statusCode()).isEqualTo(402);
    assertThat(paid.statusCode()).isEqualTo(200);
    assertThat(paid.body()).isEqualTo("{\"data\":{\"books\":[{\"title\":\"The Left Hand of Darkness\","
        + "\"author\":\"Ursula K. Le Guin\"},{\"title\":\"Solaris\",\"author\":\"Stanisław Lem\"}]}}");
    assertThat(replay.headers().firstValue("PayQL-Replay")).contains("true");
  }

  @Test
  void theHostsRulesRefuseAnOversizedListBeforeAnythingIsSold() throws Exception {
    HttpResponse<String> answer = buyer.post("/api/invoice", "{\"query\":\"{ books(first: 1000) { title } }\"}", null);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(LibraryBuyer.json(answer).get("detail").asText()).contains("between 1 and 100");
  }
}
