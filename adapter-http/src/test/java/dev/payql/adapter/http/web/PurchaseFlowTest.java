package dev.payql.adapter.http.web;

import static dev.payql.adapter.http.web.HttpApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.api.marketdata.InMemoryMarketData;
import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.ports.out.query.QueryEngine;
import dev.payql.ports.testing.FakeLightningNode;
import dev.payql.ports.testing.FixedRates;
import dev.payql.ports.testing.InMemoryPurchaseStore;
import dev.payql.ports.testing.TestPurchases;
import dev.payql.service.InvoiceStatusService;
import dev.payql.service.IssueInvoiceService;
import dev.payql.service.NodeInfoService;
import dev.payql.service.PaymentRecorder;
import dev.payql.service.RedeemService;
import dev.payql.service.RefundService;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole purchase over real HTTP: the real services and the real GraphQL engine over a small
 * market data set, with an in-memory store and a fake node standing in for the outbound adapters.
 */
class PurchaseFlowTest {

  private static final String SEED_EXCHANGE = "{\"query\":\"{ exchange (exchangeSymbol:\\\"binance\\\") { country } }\"}";
  private static final String SEED_MARKET = "{\"query\":\"query market { market(exchangeSymbol: \\\"Binance\\\", "
      + "baseSymbol: \\\"LTC\\\", quoteSymbol: \\\"BTC\\\") { marketSymbol ticker { lastPrice } } }\"}";
  private static final String SEED_VARIABLES = "{\"query\":\"query ($symbol: String) { exchange(exchangeSymbol:$symbol) "
      + "{ country } }\",\"variables\":{\"symbol\":\"binance\"}}";
  private static final String SEED_INVALID = "{\"query\":\"{ exchange (@exchangeSymbol:\\\"binance\\\") { country } }\"}";

  private final Clock clock = Clock.systemUTC();
  private final FakeLightningNode node = new FakeLightningNode(clock);
  private final InMemoryPurchaseStore store = new InMemoryPurchaseStore();
  private final QueryEngine engine = MarketDataApi.engine(new InMemoryMarketData(), EngineSettings.defaults());
  private final RedemptionPolicy policy = RedemptionPolicy.defaults();
  private final PaymentRecorder payments = new PaymentRecorder(store, node, policy);
  private HttpApi api;
  private Http http;

  @BeforeEach
  void start() {
    api = new HttpApi(HttpSettings.defaults().withPort(0),
        new IssueInvoiceService(engine, node, store, new FixedRates(TestPurchases.RATE), PricingRules.defaults(),
            Duration.ofMinutes(10), new SecureRandom()),
        new RedeemService(store, engine, payments, policy, clock),
        new InvoiceStatusService(store, payments, clock, Duration.ofMillis(20)),
        new RefundService(store, node, clock),
        new NodeInfoService(node),
        List.of(), Optional.empty()).start();
    http = new Http(api.port());
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void theSeedsExchangeExampleIsBoughtPaidAndRunOnceThenReplayed() {
    JsonNode invoice = buy(SEED_EXCHANGE);
    assertThat(invoice.get("cost").asLong()).isEqualTo(1);
    assertThat(invoice.get("value").asLong()).isEqualTo(1000);
    assertThat(invoice.get("apikey").asText()).matches("[0-9a-f]{64}");
    String bearer = "Bearer " + invoice.get("apikey").asText();

    HttpResponse<byte[]> unpaid = http.post("/graphql", SEED_EXCHANGE, "Authorization", bearer);
    assertProblem(unpaid, 402, "payment_pending");
    assertThat(Http.json(unpaid).get("paymentRequest").asText()).isEqualTo(invoice.get("paymentRequest").asText());

    pay(invoice);
    HttpResponse<byte[]> first = http.post("/graphql", SEED_EXCHANGE, "Authorization", bearer);
    HttpResponse<byte[]> again = http.post("/graphql", SEED_EXCHANGE, "Authorization", bearer);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(Http.text(first)).isEqualTo("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
    assertThat(first.headers().firstValue(PurchaseRoutes.REPLAY_HEADER)).isEmpty();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue(PurchaseRoutes.REPLAY_HEADER)).contains("true");
  }

  @Test
  void theSeedsMarketExampleRunsVerbatim() {
    JsonNode invoice = buy(SEED_MARKET);
    pay(invoice);

    HttpResponse<byte[]> response = http.post("/graphql", SEED_MARKET,
        "Authorization", "Bearer " + invoice.get("apikey").asText());

    assertThat(Http.text(response)).isEqualTo(
        "{\"data\":{\"market\":{\"marketSymbol\":\"Binance:LTC/BTC\",\"ticker\":{\"lastPrice\":0.00123}}}}");
  }

  @Test
  void theSeedsVariablesExampleRunsVerbatim() {
    JsonNode invoice = buy(SEED_VARIABLES);
    pay(invoice);

    HttpResponse<byte[]> response = http.post("/graphql", SEED_VARIABLES,
        "Authorization", "Bearer " + invoice.get("apikey").asText());

    assertThat(Http.text(response)).isEqualTo("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
  }

  @Test
  void theSeedsInvalidExampleIsRefusedAtInvoicingPointingAtTheSyntaxError() {
    HttpResponse<byte[]> response = http.post("/api/invoice", SEED_INVALID);

    assertProblem(response, 400, "graphql_syntax");
    assertThat(Http.json(response).get("locations").toString()).isEqualTo("[{\"line\":1,\"column\":13}]");
  }

  @Test
  void reEncodingTheEnvelopeKeepsTheSameRequest() {
    JsonNode invoice = buy(SEED_VARIABLES);
    pay(invoice);
    String reordered = "{ \"variables\" : { \"symbol\" : \"binance\" },\n  \"query\":\"query ($symbol: String) "
        + "{ exchange(exchangeSymbol:$symbol) { country } }\", \"operationName\": null }";

    HttpResponse<byte[]> response = http.post("/graphql", reordered,
        "Authorization", "Bearer " + invoice.get("apikey").asText());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void anotherBodyWithAPaidKeyIsARequestMismatchAndTheKeyStaysGood() {
    JsonNode invoice = buy(SEED_EXCHANGE);
    pay(invoice);
    String bearer = "Bearer " + invoice.get("apikey").asText();

    assertProblem(http.post("/graphql", SEED_MARKET, "Authorization", bearer), 409, "request_mismatch");
    assertThat(http.post("/graphql", SEED_EXCHANGE, "Authorization", bearer).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownKeyIs401() {
    assertProblem(http.post("/graphql", SEED_EXCHANGE, "Authorization", "Bearer " + "0".repeat(64)), 401,
        "unknown_api_key");
    assertProblem(http.post("/graphql", SEED_EXCHANGE, "Authorization", "Bearer nothex"), 401, "invalid_api_key");
  }

  @Test
  void introspectionIsFreeAndNotSold() {
    String introspection = "{\"query\":\"{ __schema { queryType { name } } }\"}";

    HttpResponse<byte[]> free = http.post("/graphql", introspection);

    assertThat(free.statusCode()).isEqualTo(200);
    assertThat(Http.text(free)).isEqualTo("{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"}}}}");
    assertProblem(http.post("/api/invoice", introspection), 400, "free_request");
  }

  @Test
  void aRequestHeavierThanAnyoneMayBuyIs413WithCostAndLimit() {
    HttpResponse<byte[]> response = http.post("/api/invoice",
        "{\"query\":\"{ markets(limit: 20) { ohlcv(limit: 1000) { close } } }\"}");

    assertProblem(response, 413, "request_too_large");
    assertThat(Http.json(response).get("cost").asLong()).isEqualTo(20 + 20 * 1000);
    assertThat(Http.json(response).get("limit").asLong()).isEqualTo(1000);
  }

  @Test
  void aDownNodeIs503() {
    node.goDown();

    assertProblem(http.post("/api/invoice", SEED_EXCHANGE), 503, "node_unavailable");
  }

  @Test
  void theStatusLongPollReturnsWhenTheInvoiceIsPaid() throws Exception {
    JsonNode invoice = buy(SEED_EXCHANGE);
    String bearer = "Bearer " + invoice.get("apikey").asText();
    assertThat(Http.json(http.get("/api/invoice/status", "Authorization", bearer)).get("state").asText())
        .isEqualTo("awaiting_payment");

    CompletableFuture<HttpResponse<byte[]>> waiting =
        CompletableFuture.supplyAsync(() -> http.get("/api/invoice/status?wait=30", "Authorization", bearer));
    pay(invoice);
    HttpResponse<byte[]> response = waiting.get(30, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = Http.json(response);
    assertThat(status.get("state").asText()).isEqualTo("paid");
    assertThat(status.get("paymentHash").asText()).isEqualTo(invoice.get("paymentHash").asText());
  }

  @Test
  void theNodeEndpointShowsTheNode() {
    JsonNode info = Http.json(http.get("/api/node"));

    assertThat(info.get("network").asText()).isEqualTo("regtest");
    assertThat(info.get("uris").get(0).asText()).startsWith(info.get("pubkey").asText() + "@");
  }

  private JsonNode buy(String body) {
    HttpResponse<byte[]> response = http.post("/api/invoice", body);
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
    return Http.json(response);
  }

  private void pay(JsonNode invoice) {
    node.settle(PaymentHash.ofHex(invoice.get("paymentHash").asText()));
  }
}
