package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.ports.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real client nobody here wrote buys from the real application: Alby's
 * {@code @getalby/lightning-tools} 9.0.1 ({@code fetch402}, {@code fetchWithL402},
 * {@code fetchWithMpp}, {@code fetchWithX402}) with a wallet paying through the simulated node, and
 * js-macaroon adding and removing caveats. For each scheme: a first call buys and gets data, the same
 * request again with the returned credentials replays the same bytes, another query buys again, and
 * tampered, wrong, stripped and expired credentials are refused.
 */
class StandardClientsEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }");
  private static final String OTHER = Buyer.body("{ exchange (exchangeSymbol:\"kraken\") { country } }");
  private static final Duration INVOICE_EXPIRY = Duration.ofMinutes(10);
  private static final Duration KEY_LIFETIME = Duration.ofHours(1);

  @TempDir
  Path dataDir;
  private MutableClock clock;
  private WatchedEngine engine;
  private PayqlTestInstance payql;
  private StandardClient client;

  @BeforeAll
  static void clientsInstalled() {
    StandardClient.requireInstalled();
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    payql = PayqlTestInstance.start(dataDir, Map.of("PAYQL_INVOICE_EXPIRY", "10m", "PAYQL_KEY_LIFETIME", "1h",
        "PAYQL_REPLAY_WINDOW", "10m"), clock, real -> engine = new WatchedEngine(real));
    client = new StandardClient(payql.baseUrl());
  }

  @AfterEach
  void stop() {
    payql.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fetch402", "l402", "mpp", "x402"})
  void aStandardClientBuysReplaysWithItsCredentialsAndBuysAnotherQueryAgain(String scheme) {
    JsonNode first = client.buy(scheme, BODY);

    assertThat(first.get("status").asInt()).as(first.toString()).isEqualTo(200);
    assertThat(first.get("paid").asBoolean()).isTrue();
    assertThat(first.get("walletPayments").asInt()).isEqualTo(1);
    assertThat(tree(first.get("body").asText()).at("/data/exchange/country").asText()).isNotEmpty();

    JsonNode again = client.present(scheme, BODY, first.get("credentials"));
    assertThat(again.get("status").asInt()).as(again.toString()).isEqualTo(200);
    assertThat(again.get("body").asText()).isEqualTo(first.get("body").asText());
    assertThat(again.get("replay").asText()).isEqualTo("true");
    assertThat(again.get("walletPayments").asInt()).isZero();

    JsonNode other = client.buy(scheme, OTHER);
    assertThat(other.get("status").asInt()).as(other.toString()).isEqualTo(200);
    assertThat(other.get("walletPayments").asInt()).isEqualTo(1);
    assertThat(other.get("body").asText()).isNotEqualTo(first.get("body").asText());

    JsonNode otherWithOldCredentials = client.present(scheme, OTHER, first.get("credentials"));
    assertOffered(otherWithOldCredentials, "request_mismatch");
    assertThat(engine.executions()).as("executions counted by the server").isEqualTo(2);
  }

  @Test
  void fetch402TakesThePaymentSchemeWhichComesFirstAndGetsAReceipt() {
    JsonNode first = client.buy("fetch402", BODY);

    assertThat(first.at("/credentials/value").asText()).startsWith("Payment ");
    JsonNode receipt = decodeJson(first.get("receipt").asText(), true);
    assertThat(receipt.get("status").asText()).isEqualTo("success");
    assertThat(receipt.get("reference").asText()).matches("[0-9a-f]{64}");
  }

  @Test
  void l402_tamperedWrongStrippedAndExpiredCredentialsAreRefusedAClientsOwnCaveatIsNot() {
    JsonNode first = client.buy("l402", BODY);
    String value = first.at("/credentials/value").asText();
    assertThat(value).startsWith("L402 ");
    String macaroon = value.substring(5, value.lastIndexOf(':'));
    String preimage = value.substring(value.lastIndexOf(':') + 1);

    // lnget records the preimage in a caveat of its own: an unknown caveat narrows nothing PayQL checks
    assertThat(presentL402(client.narrow(macaroon, "preimage=" + preimage), preimage).get("status").asInt())
        .isEqualTo(200);
    assertRefused(presentL402(tamper(macaroon), preimage), 401, "invalid_macaroon");
    assertRefused(presentL402(macaroon, "00".repeat(32)), 401, "wrong_preimage");
    assertRefused(presentL402(client.dropLastCaveat(macaroon), preimage), 401, "invalid_macaroon");
    long past = clock.instant().getEpochSecond() - 1;
    assertOffered(presentL402(client.narrow(macaroon, "payql_valid_until=" + past), preimage), "credential_expired");

    clock.advance(INVOICE_EXPIRY.plus(KEY_LIFETIME).plusMinutes(1));
    assertOffered(client.present("l402", BODY, first.get("credentials")), "credential_expired");
    assertThat(engine.executions()).isEqualTo(1);
  }

  @Test
  void payment_aTamperedChallengeAWrongPreimageAndAnExpiredChallengeAreRefused() {
    JsonNode first = client.buy("mpp", BODY);
    String token = first.at("/credentials/value").asText().substring("Payment ".length());

    ObjectNode dearer = (ObjectNode) decodeJson(token, true);
    ObjectNode challenge = (ObjectNode) dearer.get("challenge");
    ObjectNode request = (ObjectNode) decodeJson(challenge.get("request").asText(), true);
    request.put("amount", Long.toString(request.get("amount").asLong() + 1));
    challenge.put("request", encodeJson(request, true));
    assertRefused(presentPayment(dearer), 401, "invalid_challenge");

    ObjectNode wrong = (ObjectNode) decodeJson(token, true);
    ((ObjectNode) wrong.get("payload")).put("preimage", "11".repeat(32));
    assertRefused(presentPayment(wrong), 401, "wrong_preimage");

    clock.advance(INVOICE_EXPIRY.plusMinutes(1));
    assertOffered(client.present("mpp", BODY, first.get("credentials")), "credential_expired");
    assertThat(engine.executions()).isEqualTo(1);
  }

  @Test
  void x402_aChangedRequirementAnotherInvoiceAndAnExpiredPaymentAreRefused() {
    JsonNode first = client.buy("x402", BODY);
    assertThat(decodeJson(first.get("paymentResponse").asText(), false).get("success").asBoolean()).isTrue();
    String signature = first.at("/credentials/value").asText();

    ObjectNode cheaper = (ObjectNode) decodeJson(signature, false);
    ObjectNode accepted = (ObjectNode) cheaper.get("accepted");
    accepted.put("amount", Long.toString(accepted.get("amount").asLong() - 1));
    assertRefused(presentX402(cheaper), 401, "invalid_challenge");

    JsonNode otherPurchase = client.buy("x402", OTHER);
    ObjectNode swapped = (ObjectNode) decodeJson(signature, false);
    ((ObjectNode) swapped.get("payload")).put("invoice",
        decodeJson(otherPurchase.at("/credentials/value").asText(), false).at("/payload/invoice").asText());
    assertRefused(presentX402(swapped), 401, "invalid_credential");

    clock.advance(INVOICE_EXPIRY.plus(KEY_LIFETIME).plusMinutes(1));
    assertOffered(client.present("x402", BODY, first.get("credentials")), "credential_expired");
    assertThat(engine.executions()).isEqualTo(2);
  }

  private JsonNode presentL402(String macaroon, String preimage) {
    return client.present("l402", BODY, credentials("Authorization", "L402 " + macaroon + ":" + preimage));
  }

  private JsonNode presentPayment(JsonNode credential) {
    return client.present("mpp", BODY, credentials("Authorization", "Payment " + encodeJson(credential, true)));
  }

  private JsonNode presentX402(JsonNode signature) {
    return client.present("x402", BODY, credentials("payment-signature", encodeJson(signature, false)));
  }

  private static JsonNode credentials(String header, String value) {
    return Buyer.JSON.createObjectNode().put("header", header).put("value", value);
  }

  /** One character of the macaroon's base64 changed, inside its identifier. */
  private static String tamper(String macaroon) {
    char[] chars = macaroon.toCharArray();
    chars[20] = chars[20] == 'A' ? 'B' : 'A';
    return new String(chars);
  }

  private static void assertRefused(JsonNode answer, int status, String code) {
    assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(status);
    JsonNode problem = tree(answer.get("body").asText());
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(answer.get("walletPayments").asInt()).as("a client holding credentials never pays again").isZero();
  }

  /** A refusal a new purchase cures: 402 with a fresh invoice for the body that was sent. */
  private static void assertOffered(JsonNode answer, String code) {
    assertRefused(answer, 402, code);
    assertThat(tree(answer.get("body").asText()).get("paymentRequest").asText()).startsWith("lnbcrt");
  }

  private static JsonNode decodeJson(String text, boolean urlSafe) {
    byte[] bytes = urlSafe ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    return tree(new String(bytes, StandardCharsets.UTF_8));
  }

  private static JsonNode tree(String json) {
    try {
      return Buyer.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static String encodeJson(JsonNode json, boolean urlSafe) {
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    return urlSafe ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
        : Base64.getEncoder().encodeToString(bytes);
  }
}
