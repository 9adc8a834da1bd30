package dev.payql.adapter.http.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.request.RequestFingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * x402 version 2 with a Lightning payment option: {@code PAYMENT-REQUIRED: <base64 JSON>} whose
 * {@code accepts} holds one entry with {@code extra.paymentMethod = "lightning"} and the invoice in
 * {@code extra.invoice}, as the open Lightning proposals for x402 and Alby's client read it; the
 * client answers {@code PAYMENT-SIGNATURE: <base64 JSON {x402Version, scheme, network, payload:
 * {invoice}, accepted}>} and gets {@code PAYMENT-RESPONSE} with the outcome.
 *
 * <p>x402's Lightning payload carries the invoice, not the preimage: the proof of payment is PayQL's
 * own node having been paid. The echoed {@code accepted} entry must carry PayQL's MAC
 * ({@code extra.mac}) over the invoice, its payment hash, the request's fingerprint
 * ({@code extra.request}: x402 has no body binding of its own), the amount, the network and
 * {@code extra.validUntil}, so a requirement PayQL did not issue is refused.
 */
final class X402Scheme {

  static final String REQUIRED_HEADER = "PAYMENT-REQUIRED";
  static final String SIGNATURE_HEADER = "PAYMENT-SIGNATURE";
  static final String RESPONSE_HEADER = "PAYMENT-RESPONSE";
  static final int VERSION = 2;
  static final String SCHEME = "exact";
  static final String ASSET = "BTC";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final StandardPayments payments;

  X402Scheme(StandardPayments payments) {
    this.payments = payments;
  }

  static String network(String nodeNetwork) {
    return "lightning:" + nodeNetwork;
  }

  HeaderField challenge(Offer offer, String problemCode) {
    Instant now = payments.clock().instant();
    Instant validUntil = offer.invoiceExpiresAt().plus(payments.keyLifetime());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("paymentMethod", "lightning");
    extra.put("invoice", offer.invoice().text());
    extra.put("paymentHash", offer.paymentHash().hex());
    extra.put("request", offer.fingerprint().hex());
    extra.put("validUntil", validUntil.getEpochSecond());
    String amount = Long.toString(offer.amount().value());
    String network = network(offer.network());
    extra.put("mac", mac(offer.invoice().text(), offer.paymentHash().hex(), offer.fingerprint().hex(), amount, network,
        validUntil.getEpochSecond()));
    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("scheme", SCHEME);
    accepted.put("network", network);
    // msat, as BOLT11 states the amount and Alby compares it with the invoice's
    accepted.put("amount", amount);
    accepted.put("asset", ASSET);
    accepted.put("payTo", "lightning-invoice");
    accepted.put("maxTimeoutSeconds", Math.max(1, Duration.between(now, offer.invoiceExpiresAt()).toSeconds()));
    accepted.put("extra", extra);
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("url", offer.resource());
    resource.put("description", "one GraphQL request, this exact body");
    resource.put("mimeType", "application/json");
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("x402Version", VERSION);
    required.put("error", problemCode);
    required.put("resource", resource);
    required.put("accepts", List.of(accepted));
    return new HeaderField(REQUIRED_HEADER, Base64.getEncoder().encodeToString(JsonBodies.write(required)));
  }

  PresentedCredential read(String header, RequestFingerprint presented) {
    JsonNode signature = decode(header);
    if (signature.path("x402Version").asInt(-1) != VERSION) {
      throw invalid("invalid_credential", "PayQL speaks x402 version 2");
    }
    JsonNode accepted = signature.path("accepted");
    JsonNode extra = accepted.path("extra");
    String invoice = text(extra, "invoice");
    String paymentHash = text(extra, "paymentHash");
    String request = text(extra, "request");
    String amount = text(accepted, "amount");
    String network = text(accepted, "network");
    long validUntil = extra.path("validUntil").asLong(Long.MIN_VALUE);
    byte[] expected = mac(invoice, paymentHash, request, amount, network, validUntil)
        .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, text(extra, "mac").getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("invalid_challenge", "the accepted payment requirement is not one PayQL issued, or was changed");
    }
    if (!invoice.equals(text(signature.path("payload"), "invoice"))) {
      throw invalid("invalid_credential", "payload.invoice is not the invoice of the accepted requirement");
    }
    Instant now = payments.clock().instant();
    if (now.getEpochSecond() > validUntil) {
      return new PresentedCredential.Outlived("x402", "credential_expired",
          "this x402 payment expired; this request can be bought again with the requirement sent");
    }
    if (!request.equals(presented.hex())) {
      return new PresentedCredential.Outlived("x402", "request_mismatch",
          "this x402 payment paid for another request; this one can be bought with the requirement sent");
    }
    PaymentHash hash = PaymentHash.ofHex(paymentHash);
    return new PresentedCredential.Paid("x402", new PaymentProof.IssuedInvoice(hash),
        List.of(new HeaderField(RESPONSE_HEADER, response(hash, network))));
  }

  private static String response(PaymentHash hash, String network) {
    Map<String, Object> settled = new LinkedHashMap<>();
    settled.put("success", true);
    settled.put("transaction", hash.hex());
    settled.put("network", network);
    return Base64.getEncoder().encodeToString(JsonBodies.write(settled));
  }

  private String mac(String invoice, String paymentHash, String request, String amount, String network,
      long validUntil) {
    String input = String.join("|", invoice, paymentHash, request, amount, network, Long.toString(validUntil));
    return BASE64URL.encodeToString(StandardPayments.hmac(payments.x402Key(), input.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode decode(String base64) {
    try {
      JsonNode node = JsonBodies.JSON.readTree(Base64.getDecoder().decode(base64.strip()));
      if (node == null || !node.isObject()) {
        throw invalid("invalid_credential", "PAYMENT-SIGNATURE is base64 JSON of an object");
      }
      return node;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("invalid_credential", "PAYMENT-SIGNATURE is base64 JSON of an object");
    }
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw invalid("invalid_credential", "the x402 payment lacks " + member);
    }
    return value.asText();
  }

  private static ProblemException invalid(String code, String detail) {
    return new ProblemException(Problem.of(401, code, "Invalid x402 payment", detail));
  }
}
