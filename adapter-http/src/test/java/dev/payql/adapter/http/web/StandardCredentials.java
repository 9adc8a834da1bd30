package dev.payql.adapter.http.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.adapter.http.web.macaroon.Macaroon;
import dev.payql.adapter.http.web.macaroon.MacaroonBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a 402's challenges and answers them as the standard clients do (Alby's
 * {@code buildMppCredential} and {@code buildX402PaymentSignature}, lnget's L402 header): the one
 * place the adapter's tests build credentials.
 */
final class StandardCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StandardCredentials() {}

  static Macaroon macaroonOf(HttpResponse<byte[]> challenged) {
    String l402 = challenged.headers().allValues("WWW-Authenticate").stream().filter(c -> c.startsWith("L402 "))
        .findFirst().orElseThrow();
    return MacaroonBinary.decodeBase64(AuthParams.parse(l402).orElseThrow().get("macaroon"));
  }

  /** {@code L402 <macaroon>:<preimage>}. */
  static String l402(Macaroon macaroon, String preimageHex) {
    return "L402 " + MacaroonBinary.encodeBase64(macaroon) + ":" + preimageHex;
  }

  static String paymentChallenge(HttpResponse<byte[]> challenged) {
    return challenged.headers().allValues("WWW-Authenticate").stream().filter(c -> c.startsWith("Payment "))
        .findFirst().orElseThrow();
  }

  static JsonNode x402Required(HttpResponse<byte[]> challenged) {
    try {
      return JSON.readTree(Base64.getDecoder().decode(challenged.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As Alby's buildMppCredential: the challenge's parameters echoed (digest only if asked), the preimage. */
  static String paymentCredential(String challenge, String preimageHex, boolean echoDigest,
      Map<String, String> changed) {
    Map<String, String> params = AuthParams.parse(challenge).orElseThrow();
    ObjectNode echo = JSON.createObjectNode();
    for (String name : List.of("id", "realm", "method", "intent", "request", "expires")) {
      echo.put(name, changed.getOrDefault(name, params.get(name)));
    }
    if (echoDigest) {
      echo.put("digest", params.get("digest"));
    }
    ObjectNode credential = JSON.createObjectNode();
    credential.set("challenge", echo);
    credential.putObject("payload").put("preimage", preimageHex);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(credential));
  }

  /** As Alby's buildX402PaymentSignature. */
  static String x402Signature(JsonNode accepted, String invoice) {
    ObjectNode signature = JSON.createObjectNode();
    signature.put("x402Version", 2);
    signature.put("scheme", accepted.get("scheme").asText());
    signature.put("network", accepted.get("network").asText());
    signature.putObject("payload").put("invoice", invoice);
    signature.set("accepted", accepted);
    return Base64.getEncoder().encodeToString(bytes(signature));
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
