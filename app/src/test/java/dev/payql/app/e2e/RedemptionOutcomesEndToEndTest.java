package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.ports.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of DESIGN.md table 1.4 that the embedded default can show, over real HTTP. */
class RedemptionOutcomesEndToEndTest {

  private static final String QUERY = "{ exchange (exchangeSymbol:\"binance\") { country } }";
  private static final String BODY = Buyer.body(QUERY);

  @TempDir
  static Path dataDir;
  private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  private static WatchedEngine engine;
  private static PayqlTestInstance payql;
  private static Buyer buyer;

  @BeforeAll
  static void start() {
    payql = PayqlTestInstance.start(dataDir, Map.of("PAYQL_REPLAY_WINDOW", "10m", "PAYQL_INVOICE_EXPIRY", "10m"), CLOCK,
        real -> engine = new WatchedEngine(real));
    buyer = payql.buyer();
  }

  @AfterAll
  static void stop() {
    payql.close();
  }

  @AfterEach
  void reset() {
    engine.failing(false);
    engine.release();
  }

  private static JsonNode problemOf(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = Buyer.parse(response);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }

  private static String keyOf(JsonNode invoice) {
    return invoice.get("apikey").asText();
  }

  @Test
  void theInvoiceAnswerCarriesEveryFieldOfTheContract() {
    JsonNode invoice = buyer.invoice(BODY);

    assertThat(invoice.get("price").isNumber()).isTrue();
    assertThat(invoice.get("value").isIntegralNumber()).isTrue();
    assertThat(invoice.get("paymentRequest").asText()).startsWith("lnbcrt");
    assertThat(keyOf(invoice)).matches("[0-9a-f]{64}");
    assertThat(invoice.get("paymentHash").asText()).matches("[0-9a-f]{64}");
    assertThat(Instant.parse(invoice.get("expiresAt").asText())).isAfter(CLOCK.instant());
    assertThat(invoice.get("cost").isIntegralNumber()).isTrue();
  }

  @Test
  void success_runsOnce_thenTheKeyIsSpent() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    int before = engine.executions();

    HttpResponse<String> answer = buyer.graphql(keyOf(invoice), BODY);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isNotBlank();
    assertThat(engine.executions()).isEqualTo(before + 1);
    problemOf(buyer.graphql(keyOf(invoice), Buyer.body("{ exchanges { exchangeSymbol } }")), 410, "key_spent");
  }

  @Test
  void noAuthorizationHeader_isPaymentRequired_andSellsThisBodyInEveryScheme() {
    HttpResponse<String> answer = buyer.post("/graphql", BODY, Map.of());
    JsonNode problem = problemOf(answer, 402, "payment_required");

    assertThat(problem.get("paymentRequest").asText()).startsWith("lnbcrt");
    assertThat(problem.get("apikey").asText()).matches("[0-9a-f]{64}");
    assertThat(problem.get("invoice").asText()).isEqualTo("/api/invoice");
    assertThat(answer.headers().allValues("WWW-Authenticate")).hasSize(3);
    assertThat(answer.headers().firstValue("PAYMENT-REQUIRED")).isPresent();
  }

  @Test
  void introspection_isFreeWithoutAKey() {
    HttpResponse<String> answer = buyer.post("/graphql", Buyer.body("{ __schema { queryType { name } } }"), Map.of());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(answer).at("/data/__schema/queryType/name").asText()).isEqualTo("Query");
  }

  @Test
  void aKeyThatIsNot64Hex_isInvalid() {
    problemOf(buyer.graphql("not-a-key", BODY), 401, "invalid_api_key");
  }

  @Test
  void anUnknownKey_isUnknown() {
    problemOf(buyer.graphql("0".repeat(64), BODY), 401, "unknown_api_key");
  }

  @Test
  void anUnpaidInvoice_isPending_andTheAnswerRepeatsThePaymentRequest() {
    JsonNode invoice = buyer.invoice(BODY);

    JsonNode problem = problemOf(buyer.graphql(keyOf(invoice), BODY), 402, "payment_pending");

    assertThat(problem.get("paymentRequest").asText()).isEqualTo(invoice.get("paymentRequest").asText());
    buyer.pay(invoice);
    assertThat(buyer.graphql(keyOf(invoice), BODY).statusCode()).as("the key is unchanged").isEqualTo(200);
  }

  @Test
  void anInvoiceThatLapsedUnpaid_isExpired_andTheKeyIsDead() {
    JsonNode invoice = buyer.invoice(BODY);
    CLOCK.advance(Duration.ofMinutes(11));
    try {
      problemOf(buyer.graphql(keyOf(invoice), BODY), 402, "invoice_expired");
      problemOf(buyer.post("/dev/pay", Buyer.json(Map.of("paymentRequest", invoice.get("paymentRequest").asText())),
          Map.of()), 400, "payment_refused");
    } finally {
      CLOCK.advance(Duration.ofMinutes(-11));
    }
  }

  @Test
  void aDifferentBody_isAMismatch_andTheRightBodyStillWorks() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);

    problemOf(buyer.graphql(keyOf(invoice), Buyer.body("{ exchange (exchangeSymbol:\"kraken\") { country } }")),
        409, "request_mismatch");

    assertThat(buyer.graphql(keyOf(invoice), BODY).statusCode()).isEqualTo(200);
  }

  @Test
  void theSameKeyAndBodyInsideTheReplayWindow_getTheStoredBytesAgain() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    HttpResponse<String> first = buyer.graphql(keyOf(invoice), BODY);
    int executions = engine.executions();

    HttpResponse<String> replay = buyer.graphql(keyOf(invoice), BODY);

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue("PayQL-Replay")).contains("true");
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(engine.executions()).isEqualTo(executions);
  }

  @Test
  void theSameKeyAfterTheReplayWindow_isSpent() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    buyer.graphql(keyOf(invoice), BODY);
    CLOCK.advance(Duration.ofMinutes(11));
    try {
      problemOf(buyer.graphql(keyOf(invoice), BODY), 410, "key_spent");
    } finally {
      CLOCK.advance(Duration.ofMinutes(-11));
    }
  }

  @Test
  void aKeyBeingExecutedRightNow_isInProgress_withRetryAfter() throws Exception {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    CountDownLatch started = engine.holdNext();
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> buyer.graphql(keyOf(invoice), BODY));
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the first execution started").isTrue();

    HttpResponse<String> second = buyer.graphql(keyOf(invoice), BODY);

    problemOf(second, 409, "redemption_in_progress");
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    engine.release();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailedExecution_answers200WithErrors_andTheKeyCanBeRetried() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    engine.failing(true);

    HttpResponse<String> failed = buyer.graphql(keyOf(invoice), BODY);

    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(failed).get("errors")).isNotEmpty();
    engine.failing(false);
    HttpResponse<String> retried = buyer.graphql(keyOf(invoice), BODY);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(retried).at("/data/exchange/country").asText()).isNotBlank();
  }

  @Test
  void aBodyThatIsNotJsonOrHasNoQueryString_isInvalid_andTheKeyIsUnchanged() {
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);

    problemOf(buyer.graphql(keyOf(invoice), "{not json"), 400, "invalid_request");
    problemOf(buyer.graphql(keyOf(invoice), "{\"variables\":{}}"), 400, "invalid_request");
    problemOf(buyer.graphql(keyOf(invoice), "{\"query\":42}"), 400, "invalid_request");
    problemOf(buyer.post("/api/invoice", "[]", Map.of()), 400, "invalid_request");

    assertThat(buyer.graphql(keyOf(invoice), BODY).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyOverTheSizeLimit_isTooLarge() {
    String huge = Buyer.body("{ exchange (exchangeSymbol:\"" + "x".repeat(70_000) + "\") { country } }");

    problemOf(buyer.post("/api/invoice", huge, Map.of()), 413, "payload_too_large");
    problemOf(buyer.graphql("0".repeat(64), huge), 413, "payload_too_large");
  }

  @Test
  void aRequestHeavierThanTheLimit_isNotSold_andSaysItsCostAndTheLimit() {
    JsonNode problem = problemOf(buyer.post("/api/invoice", Buyer.body(
        "{ exchanges { markets { ohlcv(limit: 1000) { close } } } }"), Map.of()), 413, "request_too_large");

    assertThat(problem.get("cost").asLong()).isGreaterThan(problem.get("limit").asLong());
  }

  @Test
  void theInvoiceStatusLongPollReturnsWhenPaid() throws Exception {
    JsonNode invoice = buyer.invoice(BODY);
    CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(
        () -> buyer.get("/api/invoice/status?wait=30", Map.of("Authorization", "Bearer " + keyOf(invoice))));

    buyer.pay(invoice);

    HttpResponse<String> status = poll.get(60, TimeUnit.SECONDS);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(status).get("state").asText()).isEqualTo("paid");
    assertThat(Buyer.parse(status).get("paymentHash").asText()).isEqualTo(invoice.get("paymentHash").asText());
  }

  @Test
  void theNodeEndpointSaysWhereToOpenAChannel() {
    JsonNode node = Buyer.parse(buyer.get("/api/node", Map.of()));

    assertThat(node.get("backend").asText()).isEqualTo("simulated");
    assertThat(node.get("network").asText()).isEqualTo("regtest");
    assertThat(node.at("/uris/0").asText()).startsWith(node.get("pubkey").asText() + "@");
  }

  @Test
  void healthReportsTheNodeAndTheStore() {
    HttpResponse<String> health = buyer.get("/health", Map.of());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("node").contains("store");
  }
}
