package dev.payql.adapter.http.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.purchase.PaymentProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The HTTP {@code Payment} authentication scheme (draft-httpauth-payment) with the Lightning
 * {@code charge} intent (draft-lightning-charge-00):
 * {@code Payment id="…", realm="…", method="lightning", intent="charge", request="<base64url JCS>",
 * expires="<RFC 3339>", digest="sha-256=:…:"}, answered by
 * {@code Authorization: Payment <base64url JSON {challenge, payload: {preimage}}>}.
 *
 * <p>The {@code id} is the draft's recommended stateless binding: base64url HMAC-SHA256 over
 * {@code realm|method|intent|request|expires|digest|opaque}. Clients echo the parameters they
 * understood; Alby's drops {@code digest}, so the request object carries the same digest as its
 * {@code externalId} (the merchant's reference of the charge intent), and the binding is checked
 * with the echoed digest or, failing that, that one. {@code expires} is the invoice's expiry, which
 * the draft forbids to exceed.
 */
final class PaymentAuthScheme {

  static final String METHOD = "lightning";
  static final String INTENT = "charge";
  private static final Pattern PREIMAGE = Pattern.compile("[0-9a-f]{64}");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final StandardPayments payments;

  PaymentAuthScheme(StandardPayments payments) {
    this.payments = payments;
  }

  /** None when the amount is no whole number of satoshis, which the charge intent cannot state. */
  Optional<HeaderField> challenge(Offer offer) {
    if (offer.amount().value() % 1000 != 0) {
      return Optional.empty();
    }
    String request = requestParameter(offer);
    String expires = offer.invoiceExpiresAt().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("id", id(request, expires, offer.bodyDigest()));
    params.put("realm", payments.realm());
    params.put("method", METHOD);
    params.put("intent", INTENT);
    params.put("request", request);
    params.put("expires", expires);
    params.put("digest", offer.bodyDigest());
    return Optional.of(new HeaderField("WWW-Authenticate", AuthParams.challenge("Payment", params)));
  }

  private String requestParameter(Offer offer) {
    Map<String, Object> details = new TreeMap<>();
    details.put("invoice", offer.invoice().text());
    details.put("paymentHash", offer.paymentHash().hex());
    details.put("network", offer.network());
    Map<String, Object> request = new TreeMap<>();
    request.put("amount", Long.toString(offer.amount().value() / 1000));
    request.put("currency", "sat");
    request.put("description", "one GraphQL request");
    request.put("externalId", offer.bodyDigest());
    request.put("methodDetails", details);
    // TreeMaps and Jackson's compact output: RFC 8785's canonical form for these ASCII members
    return BASE64URL.encodeToString(JsonBodies.write(request));
  }

  private String id(String request, String expires, String digest) {
    String input = String.join("|", payments.realm(), METHOD, INTENT, request, expires, digest, "");
    return BASE64URL.encodeToString(StandardPayments.hmac(payments.paymentChallengeKey(),
        input.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads the credential (what follows {@code Payment}) for a request whose body has {@code bodyDigest}. */
  PresentedCredential read(String token, String bodyDigest) {
    JsonNode credential = decode(token);
    JsonNode challenge = credential.path("challenge");
    String id = text(challenge, "id");
    String realm = text(challenge, "realm");
    String request = text(challenge, "request");
    String expires = text(challenge, "expires");
    if (!METHOD.equals(text(challenge, "method")) || !INTENT.equals(text(challenge, "intent"))) {
      throw invalid("invalid_challenge", "PayQL issues only method=\"lightning\", intent=\"charge\" challenges");
    }
    JsonNode requestObject = decode(request);
    String digest = challenge.hasNonNull("digest") ? text(challenge, "digest") : text(requestObject, "externalId");
    byte[] expected = id(request, expires, digest).getBytes(StandardCharsets.US_ASCII);
    if (!realm.equals(payments.realm()) || !MessageDigest.isEqual(expected, id.getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("invalid_challenge", "the echoed challenge is not one PayQL issued, or was changed");
    }
    String preimageHex = text(credential.path("payload"), "preimage");
    if (!PREIMAGE.matcher(preimageHex).matches()) {
      throw invalid("invalid_preimage", "payload.preimage is 64 lowercase hex characters");
    }
    Preimage preimage = Preimage.ofHex(preimageHex);
    PaymentHash paymentHash = paymentHash(text(requestObject.path("methodDetails"), "paymentHash"));
    if (!preimage.paymentHash().equals(paymentHash)) {
      throw invalid("wrong_preimage", "SHA-256 of the preimage is not the challenge's payment hash");
    }
    Instant now = payments.clock().instant();
    if (now.isAfter(instant(expires))) {
      return new PresentedCredential.Outlived("payment", "credential_expired",
          "the challenge of this Payment credential expired; this request can be bought again with the challenge sent");
    }
    if (!digest.equals(bodyDigest)) {
      return new PresentedCredential.Outlived("payment", "request_mismatch",
          "this Payment credential paid for another request body; this one can be bought with the challenge sent");
    }
    return new PresentedCredential.Paid("payment", new PaymentProof.PaidPreimage(preimage),
        List.of(new HeaderField("Payment-Receipt", receipt(id, paymentHash, now))));
  }

  private static String receipt(String challengeId, PaymentHash paymentHash, Instant now) {
    Map<String, Object> receipt = new TreeMap<>();
    receipt.put("method", METHOD);
    receipt.put("challengeId", challengeId);
    // the payment hash, never the preimage: receipts get logged and shared
    receipt.put("reference", paymentHash.hex());
    receipt.put("status", "success");
    receipt.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    return BASE64URL.encodeToString(JsonBodies.write(receipt));
  }

  private static JsonNode decode(String base64url) {
    try {
      byte[] json = Base64.getUrlDecoder().decode(base64url.strip().replace('+', '-').replace('/', '_')
          .replace("=", ""));
      JsonNode node = JsonBodies.JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw invalid("invalid_credential", "a Payment credential is base64url JSON of an object");
      }
      return node;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("invalid_credential", "a Payment credential is base64url JSON of an object");
    }
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw invalid("invalid_credential", "the Payment credential lacks " + member);
    }
    return value.asText();
  }

  private static PaymentHash paymentHash(String hex) {
    try {
      return PaymentHash.ofHex(hex);
    } catch (IllegalArgumentException e) {
      throw invalid("invalid_challenge", "methodDetails.paymentHash is not 64 hex characters");
    }
  }

  private static Instant instant(String rfc3339) {
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      throw invalid("invalid_challenge", "expires is not an RFC 3339 time");
    }
  }

  private static ProblemException invalid(String code, String detail) {
    return new ProblemException(Problem.of(401, code, "Invalid Payment credential", detail));
  }
}
