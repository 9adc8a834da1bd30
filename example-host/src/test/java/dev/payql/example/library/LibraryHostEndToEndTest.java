package dev.payql.example.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payql.app.embed.Paywall;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's own schema bought, paid and redeemed over real HTTP through the embedded paywall. */
class LibraryHostEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"query\":\"{ books(first: 2) { title author } }\"}";

  @TempDir
  Path dataDirectory;
  private Paywall paywall;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    paywall = LibraryHost.start(dataDirectory, Map.of("PAYQL_PORT", "0"));
  }

  @AfterEach
  void stop() {
    paywall.close();
  }

  @Test
  void aRequestOnTheHostsSchemaIsPricedByItsRulesPaidAndRunOnce() throws Exception {
    JsonNode invoice = json(post("/api/invoice", BODY, null));
    assertThat(invoice.get("cost").asLong()).as("two books asked for").isEqualTo(2);

    HttpResponse<String> unpaid = post("/graphql", BODY, invoice.get("apikey").asText());
    post("/dev/pay", JSON.writeValueAsString(Map.of("paymentRequest", invoice.get("paymentRequest").asText())), null);
    HttpResponse<String> paid = post("/graphql", BODY, invoice.get("apikey").asText());
    HttpResponse<String> replay = post("/graphql", BODY, invoice.get("apikey").asText());

    assertThat(unpaid.statusCode()).isEqualTo(402);
    assertThat(paid.statusCode()).isEqualTo(200);
    assertThat(paid.body()).isEqualTo("{\"data\":{\"books\":[{\"title\":\"The Left Hand of Darkness\","
        + "\"author\":\"Ursula K. Le Guin\"},{\"title\":\"Solaris\",\"author\":\"Stanisław Lem\"}]}}");
    assertThat(replay.headers().firstValue("PayQL-Replay")).contains("true");
  }

  @Test
  void theHostsRulesRefuseAnOversizedListBeforeAnythingIsSold() throws Exception {
    HttpResponse<String> answer = post("/api/invoice", "{\"query\":\"{ books(first: 1000) { title } }\"}", null);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(json(answer).get("detail").asText()).contains("between 1 and 100");
  }

  private HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(paywall.baseUrl().resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
