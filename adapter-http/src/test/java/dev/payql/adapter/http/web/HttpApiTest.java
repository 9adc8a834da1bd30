package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.http.page.GraphiqlPage;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.TestPurchases;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every outcome of DESIGN.md table 1.4 and section 1.6 over real HTTP, with scripted use cases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

  static final String BODY = "{\"query\":\"{ exchange(exchangeSymbol: \\\"binance\\\") { country } }\"}";
  static final String KEY = "ab".repeat(32);
  static final String BEARER = "Bearer " + KEY;
  static final Bolt11 INVOICE = new Bolt11("lnbcrt10n1pjqqqqqpp5qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
  static final PaymentHash HASH = new PaymentHash("cd".repeat(32));
  static final Instant EXPIRES = Instant.parse("2026-05-01T10:10:00Z");

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private HttpApi api;
  private Http http;

  @BeforeAll
  void start() {
    api = newApi(HttpSettings.defaults().withPort(0).withMaxBodyBytes(4096)).start();
    http = new Http(api.port());
  }

  @AfterAll
  void stop() {
    api.stop();
  }

  @BeforeEach
  void reset() {
    ports.issue = request -> issued();
    ports.redeem = (key, request) -> new RedeemUseCase.Executed(bytes("{\"data\":{}}"), false);
    ports.withoutKey = request -> new RedeemUseCase.PaymentRequired();
  }

  private HttpApi newApi(HttpSettings settings) {
    return newApi(settings, List.of(), Optional.empty());
  }

  private HttpApi newApi(HttpSettings settings, List<HealthCheck> checks, Optional<DevPayments> devPayments) {
    return new HttpApi(settings, ports, ports, ports, ports, ports, checks, devPayments);
  }

  // --- POST /api/invoice

  @Test
  void anInvoiceAnswersPriceValueRequestKeyHashExpiryAndCost() {
    OneTimeKey key = OneTimeKey.generate(new SecureRandom());
    BtcUsdRate rate = BtcUsdRate.of(new BigDecimal("60000"), Instant.parse("2026-05-01T09:59:45Z"), "kraken", "bitstamp");
    ports.issue = request -> new IssueInvoiceUseCase.Issued(new Price(Msat.of(21_000), new BigDecimal("0.0126")),
        rate, INVOICE, key, HASH, EXPIRES, 21);

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.contentType(response)).startsWith("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(Http.text(response)).isEqualTo("{\"price\":0.0126,\"value\":21000,\"paymentRequest\":\""
        + INVOICE.text() + "\",\"apikey\":\"" + key.reveal() + "\",\"paymentHash\":\"" + HASH.hex()
        + "\",\"expiresAt\":\"2026-05-01T10:10:00Z\",\"cost\":21,"
        + "\"rate\":{\"btcUsd\":60000,\"sources\":[\"kraken\",\"bitstamp\"],\"at\":\"2026-05-01T09:59:45Z\"}}");
  }

  @Test
  void withNoFreshRateAnInvoiceIsA503RateUnavailableWithRetryAfter() {
    ports.issue = request -> new IssueInvoiceUseCase.RateUnavailable("kraken: HTTP 502; bitstamp: stale", Duration.ofSeconds(30));

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 503, "rate_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).contains("30");
    // which sources failed and how is the operator's business, not the buyer's
    assertThat(Http.text(response)).doesNotContain("kraken").doesNotContain("bitstamp");
  }

  @Test
  void aSyntaxErrorIsA400WithTheParsersLocations() {
    ports.issue = request -> new IssueInvoiceUseCase.Invalid(new Inspection.Rejected(Inspection.Kind.SYNTAX,
        "Invalid syntax with offending token '@' at line 1 column 13", List.of(new Inspection.SourceLocation(1, 13))));

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 400, "graphql_syntax");
    assertThat(Http.json(response).get("locations").toString()).isEqualTo("[{\"line\":1,\"column\":13}]");
    assertThat(Http.json(response).get("detail").asText()).contains("'@'");
  }

  @Test
  void aValidationErrorIsA400WithLocations() {
    ports.issue = request -> new IssueInvoiceUseCase.Invalid(new Inspection.Rejected(Inspection.Kind.VALIDATION,
        "Field 'planet' is undefined", List.of(new Inspection.SourceLocation(2, 5))));

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 400, "graphql_validation");
    assertThat(Http.json(response).get("locations").get(0).get("line").asInt()).isEqualTo(2);
  }

  @Test
  void anUnknownOperationIsA400() {
    ports.issue = request -> new IssueInvoiceUseCase.Invalid(
        new Inspection.Rejected(Inspection.Kind.UNKNOWN_OPERATION, "no operation named x", List.of()));

    assertProblem(http.post("/api/invoice", BODY), 400, "unknown_operation");
  }

  @Test
  void aTooHeavyRequestIs413WithCostAndLimit() {
    ports.issue = request -> new IssueInvoiceUseCase.TooHeavy(4200, 1000);

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 413, "request_too_large");
    assertThat(Http.json(response).get("cost").asLong()).isEqualTo(4200);
    assertThat(Http.json(response).get("limit").asLong()).isEqualTo(1000);
  }

  @Test
  void aFreeRequestIsNotSoldAndTheAnswerSaysWhereToSendIt() {
    ports.issue = request -> new IssueInvoiceUseCase.Free();

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 400, "free_request");
    assertThat(Http.json(response).get("detail").asText()).contains("/graphql");
  }

  @Test
  void anUnreachableNodeIs503WithRetryAfter() {
    ports.issue = request -> {
      throw new NodeUnavailableException("connection refused to 10.1.2.3:10009");
    };

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 503, "node_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(Http.text(response)).doesNotContain("10.1.2.3");
  }

  @Test
  void aNodeRefusingTheInvoiceIsShownAsUnavailable() {
    ports.issue = request -> {
      throw new NodeRejectedException("permission denied: macaroon lacks invoices:write");
    };

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 503, "node_unavailable");
    assertThat(Http.text(response)).doesNotContain("macaroon");
  }

  @Test
  void anUnreachableStoreIs503WithRetryAfter() {
    ports.redeem = (key, request) -> {
      throw new StoreUnavailableException("jdbc timeout", null);
    };

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertProblem(response, 503, "store_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void anUnexpectedFailureIs500WithoutItsMessageOrStackTrace() {
    ports.issue = request -> {
      throw new IllegalStateException("secret internals at dev.payql.Foo.bar(Foo.java:42)");
    };

    HttpResponse<byte[]> response = http.post("/api/invoice", BODY);

    assertProblem(response, 500, "internal_error");
    assertThat(Http.text(response)).doesNotContain("secret", "Foo.java", "IllegalStateException");
  }

  // --- the request body (DESIGN.md 1.2), on both endpoints

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json",
      "[1,2]",
      "{}",
      "{\"query\": 42}",
      "{\"query\": \"{ a }\", \"variables\": [1]}",
      "{\"query\": \"{ a }\", \"variables\": \"x\"}",
      "{\"query\": \"{ a }\", \"operation\": 1}",
      "{\"query\": \"{ a }\", \"operation\": \"a\", \"operationName\": \"b\"}",
      "{\"query\": \"{ a }\", \"varaibles\": {}}",
      "{\"query\": \"{ a }\", \"query\": \"{ b }\"}",
      "{\"query\": \"{ a }\"} trailing",
      "{\"query\": \"{ a }\", \"variables\": {\"v\": \"\\ud800\"}}",
      "{\"query\": \"{ a \\udc00 }\"}",
      "{\"query\": \"{ a }\", \"variables\": {\"n\": 10e2147483647}}",
  })
  void aBodyThatIsNotAGraphQLRequestIs400InvalidRequest(String body) {
    assertProblem(http.post("/api/invoice", body), 400, "invalid_request");
    assertProblem(http.post("/graphql", body, "Authorization", BEARER), 400, "invalid_request");
  }

  @Test
  void operationAndOperationNameMayBothBeSentWhenTheyAgree() {
    http.post("/api/invoice", "{\"query\":\"query a { x }\",\"operation\":\"a\",\"operationName\":\"a\"}");

    assertThat(ports.lastRequest.get().operationName()).contains("a");
  }

  @Test
  void operationNameIsASynonymOfOperation() {
    http.post("/api/invoice", "{\"query\":\"query a { x }\",\"operationName\":\"a\",\"variables\":null}");

    assertThat(ports.lastRequest.get().operationName()).contains("a");
    assertThat(ports.lastRequest.get().variables()).isEmpty();
  }

  @Test
  void variableNumbersAreReadExactly() {
    http.post("/api/invoice",
        "{\"query\":\"{ x }\",\"variables\":{\"price\":1.10,\"big\":123456789012345678901234567890,\"list\":[0.1,{\"n\":2}]}}");

    Map<String, Object> variables = ports.lastRequest.get().variables();
    assertThat(variables.get("price")).isEqualTo(new BigDecimal("1.10"));
    assertThat(variables.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(variables.get("list")).isEqualTo(List.of(new BigDecimal("0.1"), Map.of("n", BigInteger.TWO)));
  }

  @Test
  void aBodyThatIsNotJsonByContentTypeIs415() {
    HttpResponse<byte[]> response = http.postRaw("/api/invoice", BODY.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "text/plain");

    assertProblem(response, 415, "unsupported_media_type");
  }

  @Test
  void aJsonContentTypeWithACharsetIsAccepted() {
    HttpResponse<byte[]> response = http.postRaw("/api/invoice", BODY.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json; charset=utf-8");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyOverTheLimitIs413OnBothEndpoints() {
    String big = "{\"query\":\"{ x }\",\"variables\":{\"pad\":\"" + "x".repeat(5000) + "\"}}";

    assertProblem(http.post("/api/invoice", big), 413, "payload_too_large");
    assertProblem(http.post("/graphql", big, "Authorization", BEARER), 413, "payload_too_large");
  }

  @Test
  void aChunkedBodyOverTheLimitIs413Too() {
    byte[] big = ("{\"query\":\"{ x }\",\"variables\":{\"pad\":\"" + "x".repeat(5000) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = http.postChunked("/api/invoice", big);

    assertProblem(response, 413, "payload_too_large");
  }

  @Test
  void variablesNestedAbsurdlyDeepAreInvalidRequests() {
    String deep = "[".repeat(100) + "]".repeat(100);

    assertProblem(http.post("/api/invoice", "{\"query\":\"{ x }\",\"variables\":{\"v\":" + deep + "}}"), 400,
        "invalid_request");
  }

  // --- POST /graphql (table 1.4)

  @Test
  void aSuccessfulRedemptionAnswersTheGraphQLResponse() {
    ports.redeem = (key, request) -> new RedeemUseCase.Executed(bytes("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}"),
        false);

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response)).isEqualTo("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
    assertThat(response.headers().firstValue(PurchaseRoutes.REPLAY_HEADER)).isEmpty();
    assertThat(ports.lastKey.get()).isEqualTo(KEY);
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    http.post("/graphql", BODY, "Authorization", "bearer " + KEY);

    assertThat(ports.lastKey.get()).isEqualTo(KEY);
  }

  @Test
  void aFailedExecutionIsStill200WithErrors() {
    ports.redeem = (key, request) -> new RedeemUseCase.Executed(bytes("{\"errors\":[{\"message\":\"x\"}],\"data\":null}"),
        true);

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).get("errors")).isNotNull();
  }

  @Test
  void aReplayAnswersTheStoredBytesExactlyWithTheReplayHeader() {
    byte[] stored = bytes("{\"data\":{\"exchange\":{\"country\":\"MT\"}},  \"odd\" : [1.50e3]}");
    ports.redeem = (key, request) -> new RedeemUseCase.Replayed(stored);

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(stored);
    assertThat(response.headers().firstValue(PurchaseRoutes.REPLAY_HEADER)).contains("true");
  }

  @Test
  void noAuthorizationIs402PaymentRequiredWithAnInvoiceAndKeyForThisBody() {
    HttpResponse<byte[]> response = http.post("/graphql", BODY);

    assertProblem(response, 402, "payment_required");
    assertThat(Http.json(response).get("detail").asText()).contains("Authorization: Bearer", "L402");
    assertThat(Http.json(response).get("apikey").asText()).matches("[0-9a-f]{64}");
    assertThat(Http.json(response).get("paymentRequest").asText()).isEqualTo(INVOICE.text());
    assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(3);
  }

  @Test
  void introspectionRunsWithoutAKey() {
    ports.withoutKey = request -> new RedeemUseCase.Executed(bytes("{\"data\":{\"__typename\":\"Query\"}}"), false);

    HttpResponse<byte[]> response = http.post("/graphql", "{\"query\":\"{ __typename }\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response)).isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
  }

  @Test
  void anAuthorizationOtherThanBearerIs401InvalidApiKey() {
    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", "Basic " + KEY);

    assertProblem(response, 401, "invalid_api_key");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(Http.text(response)).doesNotContain(KEY);
  }

  @ParameterizedTest
  @CsvSource({
      "INVALID_API_KEY, 401, invalid_api_key",
      "UNKNOWN_API_KEY, 401, unknown_api_key",
      "INVOICE_EXPIRED, 402, invoice_expired",
      "REQUEST_MISMATCH, 409, request_mismatch",
      "KEY_SPENT, 410, key_spent",
      "KEY_EXPIRED, 410, key_expired",
      "OUTCOME_UNKNOWN, 409, outcome_unknown",
      "REFUND_IN_PROGRESS, 409, refund_in_progress",
      "KEY_REFUNDED, 410, key_refunded",
  })
  void eachRefusalHasItsStatusAndCode(RefusalReason reason, int status, String code) {
    ports.redeem = (key, request) -> RedeemUseCase.Refused.because(reason);

    assertProblem(http.post("/graphql", BODY, "Authorization", BEARER), status, code);
  }

  @Test
  void onlyTheHeadersTheApiBeingSoldAskedForArePassedWithAPaidRequest() {
    ports.forwardedHeaderNames = java.util.Set.of("x-tenant");
    ports.redeem = (key, request) -> new RedeemUseCase.Executed(bytes("{\"data\":{}}"), false);

    http.post("/graphql", BODY, "Authorization", BEARER, "X-Tenant", "shop-7", "Cookie", "c=1");

    assertThat(ports.lastHeaders.get().values()).containsOnlyKeys("x-tenant");
    assertThat(ports.lastHeaders.get().values().get("x-tenant")).containsExactly("shop-7");
  }

  @Test
  void noHeaderIsPassedWhenTheApiBeingSoldAsksForNone() {
    ports.redeem = (key, request) -> new RedeemUseCase.Executed(bytes("{\"data\":{}}"), false);

    http.post("/graphql", BODY, "Authorization", BEARER, "X-Tenant", "shop-7");

    assertThat(ports.lastHeaders.get().isEmpty()).isTrue();
  }

  @Test
  void aMutationOfUnknownOutcomeIs409SayingItIsNeverSentAgainAndMayBeRefunded() {
    ports.redeem = (key, request) -> RedeemUseCase.Refused.because(RefusalReason.OUTCOME_UNKNOWN);

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertProblem(response, 409, "outcome_unknown");
    assertThat(Http.json(response).get("detail").asText()).contains("never sent again", "refunded", "/api/refund");
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void anUnpaidInvoiceIs402PaymentPendingRepeatingThePaymentRequest() {
    ports.redeem = (key, request) -> new RedeemUseCase.Refused(RefusalReason.PAYMENT_PENDING, Optional.of(INVOICE),
        Optional.empty());

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertProblem(response, 402, "payment_pending");
    assertThat(Http.json(response).get("paymentRequest").asText()).isEqualTo(INVOICE.text());
  }

  @Test
  void aKeyBeingExecutedIs409WithRetryAfter() {
    ports.redeem = (key, request) -> new RedeemUseCase.Refused(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.empty(),
        Optional.of(Duration.ofMillis(2500)));

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", BEARER);

    assertProblem(response, 409, "redemption_in_progress");
    assertThat(response.headers().firstValue("Retry-After")).contains("3");
  }

  // --- GET /api/invoice/status

  @Test
  void theStatusAnswersStateHashAndExpiry() {
    ports.status = (key, wait) -> new InvoiceStatusUseCase.Status(PurchaseState.AWAITING_PAYMENT, HASH, EXPIRES);

    HttpResponse<byte[]> response = http.get("/api/invoice/status", "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response)).isEqualTo("{\"state\":\"awaiting_payment\",\"paymentHash\":\"" + HASH.hex()
        + "\",\"expiresAt\":\"2026-05-01T10:10:00Z\"}");
    assertThat(ports.lastWait.get()).isEqualTo(Duration.ZERO);
  }

  @Test
  void theStatusWaitIsPassedOnAndClamped() {
    ports.status = (key, wait) -> new InvoiceStatusUseCase.Status(PurchaseState.PAID, HASH, EXPIRES);

    http.get("/api/invoice/status?wait=30", "Authorization", BEARER);
    assertThat(ports.lastWait.get()).isEqualTo(Duration.ofSeconds(30));
    http.get("/api/invoice/status?wait=86400", "Authorization", BEARER);
    assertThat(ports.lastWait.get()).isEqualTo(Duration.ofSeconds(PurchaseRoutes.MAX_WAIT_SECONDS));
    http.get("/api/invoice/status?wait=-5", "Authorization", BEARER);
    assertThat(ports.lastWait.get()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWaitThatIsNotANumberIs400() {
    assertProblem(http.get("/api/invoice/status?wait=soon", "Authorization", BEARER), 400, "invalid_request");
  }

  @Test
  void theStatusNeedsAKnownKey() {
    assertProblem(http.get("/api/invoice/status"), 401, "invalid_api_key");
    ports.status = (key, wait) -> new InvoiceStatusUseCase.UnknownKey(RefusalReason.UNKNOWN_API_KEY);
    assertProblem(http.get("/api/invoice/status", "Authorization", BEARER), 401, "unknown_api_key");
  }

  // --- POST /api/refund

  @Test
  void aRefundAnswersTheRefundPayment() {
    ports.refund = (key, invoice) -> new RefundUseCase.Refunded(HASH, Msat.of(21_000));

    HttpResponse<byte[]> response = http.post("/api/refund", "{\"paymentRequest\":\"" + INVOICE.text() + "\"}",
        "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).get("value").asLong()).isEqualTo(21_000);
  }

  @Test
  void aRefundWhoseOutcomeIsNotKnownYetIsAcceptedAndSaysItIsBeingPaid() {
    ports.refund = (key, invoice) -> new RefundUseCase.RefundPending(HASH, Msat.of(21_000));

    HttpResponse<byte[]> response = http.post("/api/refund", "{\"paymentRequest\":\"" + INVOICE.text() + "\"}",
        "Authorization", BEARER);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Http.json(response).get("state").asText()).isEqualTo("refunding");
    assertThat(Http.json(response).get("paymentHash").asText()).isEqualTo(HASH.hex());
  }

  @ParameterizedTest
  @CsvSource({
      "NOT_REFUNDABLE, 409, not_refundable",
      "INVALID_REFUND_INVOICE, 400, invalid_refund_invoice",
      "REFUND_IN_PROGRESS, 409, refund_in_progress",
      "OWN_INVOICE, 400, refund_to_own_node",
      "INVOICE_ALREADY_PAID, 400, refund_invoice_paid",
      "PAYMENT_FAILED, 503, refund_failed",
      "UNKNOWN_API_KEY, 401, unknown_api_key",
  })
  void aRefusedRefundSaysWhy(RefundUseCase.Reason reason, int status, String code) {
    ports.refund = (key, invoice) -> new RefundUseCase.RefundRefused(reason, "because");

    assertProblem(http.post("/api/refund", "{\"paymentRequest\":\"lnbcrt1x\"}", "Authorization", BEARER), status, code);
  }

  // --- other endpoints

  @Test
  void theNodeEndpointSaysWhereToOpenAChannel() {
    JsonNode node = Http.json(http.get("/api/node"));

    assertThat(node.get("backend").asText()).isEqualTo("simulated");
    assertThat(node.get("uris").get(0).asText()).endsWith("@127.0.0.1:9735");
  }

  @Test
  void anUnknownPathIsAProblem404() {
    assertProblem(http.get("/api/nothing"), 404, "not_found");
  }

  @Test
  void aWrongMethodIsAProblem405() {
    assertProblem(http.get("/graphql"), 405, "method_not_allowed");
  }

  @Test
  void devPaymentsAreNotServedUnlessProvided() {
    assertProblem(http.post("/dev/pay", "{\"paymentRequest\":\"x\"}"), 404, "not_found");
  }

  @Test
  void metricsHoldALatencyHistogramByRouteStatusAndCode() {
    ports.issue = request -> new IssueInvoiceUseCase.TooHeavy(2000, 1000);
    http.post("/api/invoice", BODY);
    http.post("/api/invoice", BODY);

    HttpResponse<byte[]> response = http.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.contentType(response)).startsWith("text/plain; version=0.0.4");
    String labels = "code=\"request_too_large\",method=\"POST\",route=\"/api/invoice\",status=\"413\"";
    assertThat(Http.text(response))
        .contains("# TYPE payql_http_server_requests_seconds histogram")
        .contains("payql_http_server_requests_seconds_count{" + labels + "} 2")
        .contains("payql_http_server_requests_seconds_bucket{" + labels + ",le=\"60.0\"} 2")
        .contains("payql_http_server_requests_seconds_bucket{" + labels + ",le=\"+Inf\"} 2");
  }

  @Test
  void metricsNeverCarryAKeyOrAPath() {
    http.post("/graphql", BODY, "Authorization", BEARER);
    http.get("/no/such/" + "ab".repeat(32));

    String metrics = Http.text(http.get("/metrics"));

    assertThat(metrics).doesNotContain(BEARER.substring("Bearer ".length())).doesNotContain("/no/such")
        .contains("route=\"unmatched\"");
  }

  // --- CORS

  @Test
  void aPreflightFromAnyOriginIsAllowedForTheApi() {
    HttpResponse<byte[]> response = http.options("/graphql", "Origin", "https://explorer.example",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization");
  }

  @Test
  void aCrossOriginAnswerExposesTheReplayAndRetryHeaders() {
    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Origin", "https://explorer.example",
        "Authorization", BEARER);

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
        .contains(PurchaseRoutes.REPLAY_HEADER, "Retry-After");
  }

  @Test
  void configuredOriginsOnlyAreAllowed() {
    try (HttpApi restricted = newApi(HttpSettings.defaults().withPort(0)
        .withCorsOrigins(List.of("https://shop.example"))).start()) {
      Http client = new Http(restricted.port());

      assertThat(client.post("/graphql", BODY, "Origin", "https://shop.example", "Authorization", BEARER)
          .headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
      assertThat(client.post("/graphql", BODY, "Origin", "https://evil.example", "Authorization", BEARER)
          .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  // --- rate limit

  @Test
  void invoicesBeyondTheRateLimitAre429WithRetryAfter() {
    try (HttpApi limited = newApi(HttpSettings.defaults().withPort(0).withInvoiceRequestsPerMinute(2)).start()) {
      Http client = new Http(limited.port());

      assertThat(client.post("/api/invoice", BODY).statusCode()).isEqualTo(200);
      assertThat(client.post("/api/invoice", BODY).statusCode()).isEqualTo(200);
      HttpResponse<byte[]> third = client.post("/api/invoice", BODY);

      assertProblem(third, 429, "rate_limited");
      assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
          seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L));
      assertThat(client.post("/graphql", BODY, "Authorization", BEARER).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void forwardedForCountsOnlyWhenTrustedAndOnlyItsRightEnd() {
    try (HttpApi untrusting = newApi(HttpSettings.defaults().withPort(0).withInvoiceRequestsPerMinute(1)).start();
        HttpApi trusting = newApi(HttpSettings.defaults().withPort(0).withInvoiceRequestsPerMinute(1)
            .withProxies(TrustedProxies.hops(1))).start()) {
      Http spoofer = new Http(untrusting.port());
      Http proxied = new Http(trusting.port());

      assertThat(spoofer.post("/api/invoice", BODY, "X-Forwarded-For", "198.51.100.1").statusCode()).isEqualTo(200);
      assertThat(spoofer.post("/api/invoice", BODY, "X-Forwarded-For", "198.51.100.2").statusCode()).isEqualTo(429);
      // one proxy: it appended the address it saw; what stands left of it is the client's own writing
      assertThat(proxied.post("/api/invoice", BODY, "X-Forwarded-For", "203.0.113.9, 198.51.100.1").statusCode())
          .isEqualTo(200);
      assertThat(proxied.post("/api/invoice", BODY, "X-Forwarded-For", "198.51.100.2").statusCode()).isEqualTo(200);
      assertThat(proxied.post("/api/invoice", BODY, "X-Forwarded-For", "203.0.113.10, 198.51.100.1").statusCode())
          .isEqualTo(429);
    }
  }

  @Test
  void aRateLimitOfZeroIsOff() {
    try (HttpApi unlimited = newApi(HttpSettings.defaults().withPort(0).withInvoiceRequestsPerMinute(0)).start()) {
      Http client = new Http(unlimited.port());
      for (int i = 0; i < 5; i++) {
        assertThat(client.post("/api/invoice", BODY).statusCode()).isEqualTo(200);
      }
    }
  }

  // --- health and dev payments

  @Test
  void healthIs200WhenEveryCheckPassesAnd503WhenOneFails() {
    HealthCheck node = HealthCheck.of("node", () -> { });
    HealthCheck store = HealthCheck.of("store", () -> {
      throw new IllegalStateException("jdbc:h2:/secret/path");
    });
    try (HttpApi healthy = newApi(HttpSettings.defaults().withPort(0), List.of(node), Optional.empty()).start();
        HttpApi sick = newApi(HttpSettings.defaults().withPort(0), List.of(node, store), Optional.empty()).start()) {

      HttpResponse<byte[]> up = new Http(healthy.port()).get("/health");
      HttpResponse<byte[]> down = new Http(sick.port()).get("/health");

      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(Http.text(up)).isEqualTo("{\"status\":\"up\",\"checks\":{\"node\":\"up\"}}");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(Http.text(down)).isEqualTo("{\"status\":\"down\",\"checks\":{\"node\":\"up\",\"store\":\"down\"}}");
    }
  }

  @Test
  void livenessChecksNothingAndReadinessChecksEverything() {
    HealthCheck node = HealthCheck.of("node", () -> {
      throw new IllegalStateException("connection refused");
    });
    try (HttpApi api = newApi(HttpSettings.defaults().withPort(0), List.of(node), Optional.empty()).start()) {
      Http client = new Http(api.port());

      HttpResponse<byte[]> live = client.get("/health/live");
      HttpResponse<byte[]> ready = client.get("/health/ready");

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(Http.text(live)).isEqualTo("{\"status\":\"up\"}");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(Http.text(ready)).isEqualTo("{\"status\":\"down\",\"checks\":{\"node\":\"down\"}}");
    }
  }

  @Test
  void aCheckOfReadinessOnlyKeepsReadinessDownButNotHealth() {
    HealthCheck node = HealthCheck.of("node", () -> { });
    HealthCheck loading = HealthCheck.readinessOnly("marketData", () -> {
      throw new IllegalStateException("still loading");
    });
    try (HttpApi api = newApi(HttpSettings.defaults().withPort(0), List.of(node, loading), Optional.empty()).start()) {
      Http client = new Http(api.port());

      HttpResponse<byte[]> health = client.get("/health");
      HttpResponse<byte[]> ready = client.get("/health/ready");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Http.text(health)).isEqualTo("{\"status\":\"up\",\"checks\":{\"node\":\"up\"}}");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(Http.text(ready))
          .isEqualTo("{\"status\":\"down\",\"checks\":{\"node\":\"up\",\"marketData\":\"down\"}}");
    }
  }

  @Test
  void aFloodOfHealthRequestsChecksTheNodeAFewTimesNotEachTime() {
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    HealthCheck counted = HealthCheck.of("node", checks::incrementAndGet);
    try (HttpApi api = newApi(HttpSettings.defaults().withPort(0), List.of(counted), Optional.empty()).start()) {
      Http client = new Http(api.port());
      for (int i = 0; i < 50; i++) {
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
      }
    }

    // one check per second of the loop at most; the loop takes far less than 50 s on any machine
    assertThat(checks.get()).isBetween(1, 49);
  }

  @Test
  void aHealthCheckThatHangsCountsAsDown() {
    HealthCheck hanging = HealthCheck.of("node", () -> Thread.sleep(Duration.ofMinutes(5)));
    try (HttpApi stuck = newApi(HttpSettings.defaults().withPort(0), List.of(hanging), Optional.empty()).start()) {

      HttpResponse<byte[]> response = new Http(stuck.port()).get("/health");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(Http.json(response).get("checks").get("node").asText()).isEqualTo("down");
    }
  }

  @Test
  void devPaySettlesThroughTheHookAndAnswersThePreimage() {
    DevPayments payments = paymentRequest -> {
      if (!paymentRequest.equals(INVOICE.text())) {
        throw new DevPayments.Refused("not an open invoice of this node");
      }
      return "ef".repeat(32);
    };
    try (HttpApi dev = newApi(HttpSettings.defaults().withPort(0), List.of(), Optional.of(payments)).start()) {
      Http client = new Http(dev.port());

      HttpResponse<byte[]> paid = client.post("/dev/pay", "{\"paymentRequest\":\"" + INVOICE.text() + "\"}");
      HttpResponse<byte[]> refused = client.post("/dev/pay", "{\"paymentRequest\":\"lnbcrt1other\"}");

      assertThat(paid.statusCode()).isEqualTo(200);
      assertThat(Http.text(paid)).isEqualTo("{\"preimage\":\"" + "ef".repeat(32) + "\"}");
      assertProblem(refused, 400, "payment_refused");
      assertThat(Http.json(refused).get("detail").asText()).isEqualTo("not an open invoice of this node");
      assertProblem(client.post("/dev/pay", "{}"), 400, "invalid_request");
    }
  }

  @Test
  void pagesAddedAtConstructionAreServedBesideTheApi() {
    try (HttpApi withPage = new HttpApi(HttpSettings.defaults().withPort(0), ports, ports, ports, ports, ports,
        List.of(), Optional.empty(), GraphiqlPage::install).start()) {
      Http client = new Http(withPage.port());

      HttpResponse<byte[]> page = client.get("/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(Http.contentType(page)).startsWith("text/html");
      assertThat(client.get("/api/node").statusCode()).isEqualTo(200);
      assertProblem(client.get("/api/nothing"), 404, "not_found");
    }
  }

  private IssueInvoiceUseCase.Issued issued() {
    return new IssueInvoiceUseCase.Issued(new Price(Msat.of(1000), new BigDecimal("0.0006")), TestPurchases.RATE, INVOICE,
        OneTimeKey.generate(new SecureRandom()), HASH, EXPIRES, 1);
  }

  static void assertProblem(HttpResponse<byte[]> response, int status, String code) {
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(status);
    assertThat(Http.contentType(response)).startsWith("application/problem+json");
    JsonNode body = Http.json(response);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("type").asText()).isEqualTo("urn:payql:problem:" + code);
    assertThat(body.get("title").asText()).isNotBlank();
    assertThat(body.get("detail").asText()).isNotBlank();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
