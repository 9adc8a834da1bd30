package dev.payql.adapter.http.web;

import static dev.payql.adapter.http.web.StandardCredentials.macaroonOf;
import static dev.payql.adapter.http.web.StandardCredentials.paymentChallenge;
import static dev.payql.adapter.http.web.StandardCredentials.paymentCredential;
import static dev.payql.adapter.http.web.StandardCredentials.x402Required;
import static dev.payql.adapter.http.web.StandardCredentials.x402Signature;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.adapter.http.web.macaroon.Macaroon;
import dev.payql.adapter.http.web.macaroon.MacaroonBinary;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.testing.MutableClock;
import dev.payql.ports.testing.TestPurchases;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three standard schemes' grammar over real HTTP, with scripted use cases: what the challenges
 * say and in which order, which credentials are read as which proof of payment, and which are
 * refused how. The real client's view is the app's end-to-end test with Alby's library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardSchemesTest {

  static final String BODY = HttpApiTest.BODY;
  static final String OTHER_BODY = "{\"query\":\"{ exchange(exchangeSymbol: \\\"kraken\\\") { country } }\"}";
  static final Bolt11 INVOICE = HttpApiTest.INVOICE;
  static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
  static final Duration KEY_LIFETIME = Duration.ofDays(1);
  static final ObjectMapper JSON = new ObjectMapper();

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private final MutableClock clock = MutableClock.at(NOW.toString());
  private final AtomicInteger issuedCount = new AtomicInteger();
  private Preimage preimage;
  private HttpApi api;
  private Http http;

  @BeforeAll
  void start() {
    api = new HttpApi(HttpSettings.defaults().withPort(0), ports, ports, ports, ports, ports, List.of(),
        Optional.empty(), config -> { }, StandardPayments.of(new byte[32], "payql.test", KEY_LIFETIME, clock),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
    http = new Http(api.port());
  }

  @AfterAll
  void stop() {
    api.stop();
  }

  @BeforeEach
  void reset() {
    clock.set(NOW);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    preimage = Preimage.of(secret);
    ports.issue = request -> {
      issuedCount.incrementAndGet();
      return new IssueInvoiceUseCase.Issued(new Price(Msat.ofSat(21), new BigDecimal("0.0126")), TestPurchases.RATE,
          INVOICE, OneTimeKey.generate(new SecureRandom()), preimage.paymentHash(), NOW.plus(Duration.ofMinutes(10)), 21);
    };
    ports.redeemPaid = (proof, request) -> new RedeemUseCase.Executed(bytes("{\"data\":{}}"), false);
  }

  // --- the challenges

  @Test
  void a402OffersOneInvoiceInEverySchemePaymentFirstThenL402ThenLsat() {
    HttpResponse<byte[]> response = http.post("/graphql", BODY);

    assertThat(response.statusCode()).isEqualTo(402);
    List<String> challenges = response.headers().allValues("WWW-Authenticate");
    assertThat(challenges).hasSize(3);
    assertThat(challenges.get(0)).startsWith("Payment id=\"");
    assertThat(challenges.get(1)).matches("L402 macaroon=\"[A-Za-z0-9+/=]+\", invoice=\"" + INVOICE.text() + "\"");
    assertThat(challenges.get(2)).matches("LSAT macaroon=\"[A-Za-z0-9+/=]+\", invoice=\"" + INVOICE.text() + "\"");
    assertThat(response.headers().firstValue("PAYMENT-REQUIRED")).isPresent();
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(issuedCount).hasValue(1);
    JsonNode body = Http.json(response);
    assertThat(body.get("paymentRequest").asText()).isEqualTo(INVOICE.text());
    assertThat(body.get("value").asLong()).isEqualTo(21_000);
    assertThat(body.get("apikey").asText()).matches("[0-9a-f]{64}");
  }

  @Test
  void theL402MacaroonNamesThePaymentHashAndBindsRequestExpiryAndService() {
    Macaroon macaroon = macaroonOf(http.post("/graphql", BODY));

    byte[] id = macaroon.identifier();
    assertThat(id).hasSize(66);
    assertThat(id[0]).isZero();
    assertThat(id[1]).isZero();
    assertThat(HexFormat.of().formatHex(id, 2, 34)).isEqualTo(preimage.paymentHash().hex());
    long validUntil = NOW.plus(Duration.ofMinutes(10)).plus(KEY_LIFETIME).getEpochSecond();
    assertThat(macaroon.conditions()).containsExactly("services=payql:0",
        "payql_request=" + dev.payql.domain.request.GraphQLRequest.of(
            "{ exchange(exchangeSymbol: \"binance\") { country } }", null, null).fingerprint().hex(),
        "payql_valid_until=" + validUntil);
  }

  @Test
  void thePaymentChallengeCarriesTheChargeRequestTheExpiryAndTheBodysDigest() throws Exception {
    Map<String, String> params = AuthParams.parse(paymentChallenge(http.post("/graphql", BODY))).orElseThrow();

    assertThat(params.keySet()).containsExactly("id", "realm", "method", "intent", "request", "expires", "digest");
    assertThat(params).containsEntry("realm", "payql.test").containsEntry("method", "lightning")
        .containsEntry("intent", "charge").containsEntry("expires", "2026-05-01T10:10:00Z")
        .containsEntry("digest", "sha-256=:" + Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("SHA-256").digest(bytes(BODY))) + ":");
    String request = new String(Base64.getUrlDecoder().decode(params.get("request")), StandardCharsets.UTF_8);
    assertThat(params.get("request")).doesNotContain("=");
    assertThat(request).isEqualTo("{\"amount\":\"21\",\"currency\":\"sat\",\"description\":\"one GraphQL request\","
        + "\"externalId\":\"" + params.get("digest") + "\",\"methodDetails\":{\"invoice\":\"" + INVOICE.text()
        + "\",\"network\":\"regtest\",\"paymentHash\":\"" + preimage.paymentHash().hex() + "\"}}");
  }

  @Test
  void thePaymentChallengeIsLeftOutWhenThePriceIsNoWholeNumberOfSatoshis() {
    ports.issue = request -> new IssueInvoiceUseCase.Issued(new Price(Msat.of(21_500), new BigDecimal("0.0126")),
        TestPurchases.RATE, INVOICE, OneTimeKey.generate(new SecureRandom()), preimage.paymentHash(),
        NOW.plus(Duration.ofMinutes(10)), 21);

    HttpResponse<byte[]> response = http.post("/graphql", BODY);

    assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(2)
        .allSatisfy(challenge -> assertThat(challenge).startsWithIgnoringCase("L").doesNotStartWith("Payment"));
    assertThat(x402Required(response).get("accepts").get(0).get("amount").asText()).isEqualTo("21500");
  }

  @Test
  void theX402RequirementIsALightningEntryWithTheInvoiceAndItsAmountInMsat() {
    JsonNode required = x402Required(http.post("/graphql", BODY));

    assertThat(required.get("x402Version").asInt()).isEqualTo(2);
    assertThat(required.get("error").asText()).isEqualTo("payment_required");
    JsonNode accepted = required.get("accepts").get(0);
    assertThat(accepted.get("scheme").asText()).isEqualTo("exact");
    assertThat(accepted.get("network").asText()).isEqualTo("lightning:regtest");
    assertThat(accepted.get("amount").asText()).isEqualTo("21000");
    assertThat(accepted.get("maxTimeoutSeconds").asLong()).isEqualTo(600);
    assertThat(accepted.get("extra").get("paymentMethod").asText()).isEqualTo("lightning");
    assertThat(accepted.get("extra").get("invoice").asText()).isEqualTo(INVOICE.text());
    assertThat(accepted.get("extra").get("paymentHash").asText()).isEqualTo(preimage.paymentHash().hex());
  }

  @Test
  void anX402PaymentForAnotherBodyIsOfferedThisRequestAgain() throws Exception {
    JsonNode accepted = x402Required(http.post("/graphql", BODY)).get("accepts").get(0);

    assertOffered(http.post("/graphql", OTHER_BODY, "PAYMENT-SIGNATURE", x402Signature(accepted, INVOICE.text())),
        "request_mismatch");
  }

  // --- L402 credentials

  @Test
  void anL402CredentialIsReadAsItsPreimageWhateverTheSchemesOrTheHexsCase() {
    String macaroon = MacaroonBinary.encodeBase64(macaroonOf(http.post("/graphql", BODY)));

    for (String scheme : List.of("L402", "l402", "LSAT", "lsat")) {
      HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization",
          scheme + " " + macaroon + ":" + preimage.hex().toUpperCase());

      assertThat(response.statusCode()).as(scheme).isEqualTo(200);
      assertThat(ports.lastProof.get()).isEqualTo(new PaymentProof.PaidPreimage(preimage));
    }
  }

  @Test
  void severalMacaroonsAndCaveatsAClientAddedStillPass() {
    Macaroon macaroon = macaroonOf(http.post("/graphql", BODY));
    String narrowed = MacaroonBinary.encodeBase64(macaroon.withFirstPartyCaveat("preimage=" + preimage.hex())
        .withFirstPartyCaveat("just a note"));
    String another = MacaroonBinary.encodeBase64(Macaroon.mint(new byte[32], new byte[] {1}, Optional.empty()));

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization",
        "L402 " + narrowed + "," + another + ":" + preimage.hex());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aTamperedMacaroonARemovedCaveatOrAWrongPreimageIsA401WithItsCode() {
    Macaroon macaroon = macaroonOf(http.post("/graphql", BODY));
    Macaroon caveatRemoved = new Macaroon(macaroon.location(), macaroon.identifier(),
        macaroon.caveats().subList(0, 2), macaroon.signature());
    byte[] bytes = MacaroonBinary.encode(macaroon);
    bytes[10] ^= 1;
    String flipped = Base64.getEncoder().encodeToString(bytes);

    assertRefused(http.post("/graphql", BODY, "Authorization",
        "L402 " + MacaroonBinary.encodeBase64(caveatRemoved) + ":" + preimage.hex()), 401, "invalid_macaroon");
    assertRefused(http.post("/graphql", BODY, "Authorization", "L402 " + flipped + ":" + preimage.hex()), 401,
        "invalid_macaroon");
    assertRefused(http.post("/graphql", BODY, "Authorization",
        "L402 " + MacaroonBinary.encodeBase64(macaroon) + ":" + "00".repeat(32)), 401, "wrong_preimage");
    assertRefused(http.post("/graphql", BODY, "Authorization", "L402 " + MacaroonBinary.encodeBase64(macaroon)), 401,
        "invalid_credential");
    assertRefused(http.post("/graphql", BODY, "Authorization", "L402 !!!:" + preimage.hex()), 401, "invalid_macaroon");
    assertRefused(http.post("/graphql", BODY, "Authorization", "L402 abc:xyz"), 401, "invalid_preimage");
  }

  @Test
  void anExpiredL402CredentialOrOneForAnotherBodyIsOfferedThisRequestAgain() {
    String credential = "L402 " + MacaroonBinary.encodeBase64(macaroonOf(http.post("/graphql", BODY))) + ":"
        + preimage.hex();

    assertOffered(http.post("/graphql", OTHER_BODY, "Authorization", credential), "request_mismatch");
    clock.advance(Duration.ofMinutes(10).plus(KEY_LIFETIME).plusSeconds(1));
    assertOffered(http.post("/graphql", BODY, "Authorization", credential), "credential_expired");
  }

  @Test
  void aRefusalANewPurchaseCuresIsOfferedAgainOthersKeepTheirStatus() {
    String credential = "L402 " + MacaroonBinary.encodeBase64(macaroonOf(http.post("/graphql", BODY))) + ":"
        + preimage.hex();

    ports.redeemPaid = (proof, request) -> RedeemUseCase.Refused.because(RefusalReason.KEY_SPENT);
    assertOffered(http.post("/graphql", BODY, "Authorization", credential), "key_spent");
    ports.redeemPaid = (proof, request) -> new RedeemUseCase.Refused(RefusalReason.REDEMPTION_IN_PROGRESS,
        Optional.empty(), Optional.of(Duration.ofSeconds(2)));
    HttpResponse<byte[]> busy = http.post("/graphql", BODY, "Authorization", credential);
    assertRefused(busy, 409, "redemption_in_progress");
    assertThat(busy.headers().firstValue("Retry-After")).contains("2");
    ports.redeemPaid = (proof, request) -> RedeemUseCase.Refused.because(RefusalReason.UNKNOWN_PAYMENT);
    assertRefused(http.post("/graphql", BODY, "Authorization", credential), 401, "unknown_payment");
  }

  @Test
  void aStandardCredentialThatRanAnswersItsBodyAndTheReplayHeaderLikeAKey() {
    String credential = "L402 " + MacaroonBinary.encodeBase64(macaroonOf(http.post("/graphql", BODY))) + ":"
        + preimage.hex();
    ports.redeemPaid = (proof, request) -> new RedeemUseCase.Replayed(bytes("{\"data\":{\"x\":1}}"));

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization", credential);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response)).isEqualTo("{\"data\":{\"x\":1}}");
    assertThat(response.headers().firstValue(PurchaseRoutes.REPLAY_HEADER)).contains("true");
  }

  // --- Payment credentials

  @Test
  void aPaymentCredentialEchoingTheChallengeWithThePreimageRunsAndGetsAReceipt() throws Exception {
    String challenge = paymentChallenge(http.post("/graphql", BODY));

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "Authorization",
        "Payment " + paymentCredential(challenge, preimage.hex(), false, Map.of()));

    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
    assertThat(ports.lastProof.get()).isEqualTo(new PaymentProof.PaidPreimage(preimage));
    JsonNode receipt = JSON.readTree(Base64.getUrlDecoder().decode(response.headers().firstValue("Payment-Receipt")
        .orElseThrow()));
    assertThat(receipt.get("status").asText()).isEqualTo("success");
    assertThat(receipt.get("method").asText()).isEqualTo("lightning");
    assertThat(receipt.get("reference").asText()).isEqualTo(preimage.paymentHash().hex());
    assertThat(receipt.get("challengeId").asText()).isEqualTo(AuthParams.parse(challenge).orElseThrow().get("id"));
    assertThat(receipt.toString()).doesNotContain(preimage.hex());
  }

  @Test
  void theEchoedDigestIsCheckedWhenSentAndAnotherBodyIsOfferedAgain() throws Exception {
    String challenge = paymentChallenge(http.post("/graphql", BODY));

    assertThat(http.post("/graphql", BODY, "Authorization",
        "Payment " + paymentCredential(challenge, preimage.hex(), true, Map.of())).statusCode()).isEqualTo(200);
    assertOffered(http.post("/graphql", OTHER_BODY, "Authorization",
        "Payment " + paymentCredential(challenge, preimage.hex(), false, Map.of())), "request_mismatch");
  }

  @Test
  void aChangedChallengeAWrongPreimageOrAPastExpiryIsRefused() throws Exception {
    String challenge = paymentChallenge(http.post("/graphql", BODY));
    Map<String, String> params = AuthParams.parse(challenge).orElseThrow();
    String otherRequest = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(params.get("request")), StandardCharsets.UTF_8)
            .replace("\"amount\":\"21\"", "\"amount\":\"1\"").getBytes(StandardCharsets.UTF_8));

    assertRefused(http.post("/graphql", BODY, "Authorization", "Payment "
        + paymentCredential(challenge, preimage.hex(), false, Map.of("request", otherRequest))), 401, "invalid_challenge");
    assertRefused(http.post("/graphql", BODY, "Authorization", "Payment "
        + paymentCredential(challenge, preimage.hex(), false, Map.of("id", "forged"))), 401, "invalid_challenge");
    assertRefused(http.post("/graphql", BODY, "Authorization", "Payment "
        + paymentCredential(challenge, "11".repeat(32), false, Map.of())), 401, "wrong_preimage");
    assertRefused(http.post("/graphql", BODY, "Authorization", "Payment not-json"), 401, "invalid_credential");
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertOffered(http.post("/graphql", BODY, "Authorization", "Payment "
        + paymentCredential(challenge, preimage.hex(), false, Map.of())), "credential_expired");
  }

  // --- x402

  @Test
  void anX402PaymentEchoingTheRequirementIsReadAsTheIssuedInvoiceAndAnswered() throws Exception {
    JsonNode accepted = x402Required(http.post("/graphql", BODY)).get("accepts").get(0);

    HttpResponse<byte[]> response = http.post("/graphql", BODY, "PAYMENT-SIGNATURE", x402Signature(accepted,
        INVOICE.text()));

    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
    assertThat(ports.lastProof.get()).isEqualTo(new PaymentProof.IssuedInvoice(preimage.paymentHash()));
    JsonNode settled = JSON.readTree(Base64.getDecoder().decode(response.headers().firstValue("PAYMENT-RESPONSE")
        .orElseThrow()));
    assertThat(settled.get("success").asBoolean()).isTrue();
    assertThat(settled.get("transaction").asText()).isEqualTo(preimage.paymentHash().hex());
  }

  @Test
  void aChangedRequirementOrAnotherInvoiceIsA401AndAnExpiredOneIsOfferedAgain() throws Exception {
    JsonNode accepted = x402Required(http.post("/graphql", BODY)).get("accepts").get(0);
    ObjectNode cheaper = accepted.deepCopy();
    cheaper.put("amount", "1000");
    ObjectNode otherHash = accepted.deepCopy();
    ((ObjectNode) otherHash.get("extra")).put("paymentHash", PaymentHash.ofHex("ee".repeat(32)).hex());

    assertRefused(http.post("/graphql", BODY, "PAYMENT-SIGNATURE", x402Signature(cheaper, INVOICE.text())), 401,
        "invalid_challenge");
    assertRefused(http.post("/graphql", BODY, "PAYMENT-SIGNATURE", x402Signature(otherHash, INVOICE.text())), 401,
        "invalid_challenge");
    assertRefused(http.post("/graphql", BODY, "PAYMENT-SIGNATURE", x402Signature(accepted, "lnbcrt1other")), 401,
        "invalid_credential");
    assertRefused(http.post("/graphql", BODY, "PAYMENT-SIGNATURE", "%%%"), 401, "invalid_credential");
    clock.advance(Duration.ofMinutes(10).plus(KEY_LIFETIME).plusSeconds(1));
    assertOffered(http.post("/graphql", BODY, "PAYMENT-SIGNATURE", x402Signature(accepted, INVOICE.text())),
        "credential_expired");
  }

  @Test
  void aBrowserMayReadTheChallengesAndSendTheNewCredentials() {
    HttpResponse<byte[]> preflight = http.options("/graphql", "Origin", "https://explorer.example",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,payment-signature");
    HttpResponse<byte[]> challenged = http.post("/graphql", BODY, "Origin", "https://explorer.example");

    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization", "payment-signature");
    assertThat(challenged.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
        .contains("WWW-Authenticate", "PAYMENT-REQUIRED", "PAYMENT-RESPONSE", "Payment-Receipt");
  }

  // --- helpers

  private void assertOffered(HttpResponse<byte[]> response, String code) {
    assertRefused(response, 402, code);
    assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(3);
    assertThat(response.headers().firstValue("PAYMENT-REQUIRED")).isPresent();
    assertThat(Http.json(response).get("paymentRequest").asText()).isEqualTo(INVOICE.text());
  }

  private static void assertRefused(HttpResponse<byte[]> response, int status, String code) {
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(status);
    assertThat(Http.contentType(response)).startsWith("application/problem+json");
    assertThat(Http.json(response).get("code").asText()).isEqualTo(code);
    assertThat(Http.json(response).get("detail").asText()).isNotBlank();
    assertThat(Http.text(response)).doesNotContain("Exception");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
