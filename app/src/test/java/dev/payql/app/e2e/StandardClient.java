package dev.payql.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs {@code src/test/node/standard-client.mjs} ({@link NodeScript}) with Alby's
 * {@code @getalby/lightning-tools} and js-macaroon, clients nobody at PayQL wrote. Without Node.js
 * the tests using it are skipped locally and fail under {@code CI=true}.
 */
final class StandardClient {

  private static final String SCRIPT = "standard-client.mjs";
  private static final String PACKAGE = "@getalby/lightning-tools";

  private final String baseUrl;

  StandardClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static void requireInstalled() {
    NodeScript.installed(SCRIPT, PACKAGE);
  }

  /** A first call with scheme {@code fetch402}, {@code l402}, {@code mpp} or {@code x402}: it pays if asked. */
  JsonNode buy(String scheme, String body) {
    return run("buy", baseUrl, scheme, body);
  }

  /** A call with the credentials a {@link #buy} returned (or changed ones); Alby never pays then. */
  JsonNode present(String scheme, String body, JsonNode credentials) {
    return run("present", baseUrl, scheme, body, credentials.toString());
  }

  /** js-macaroon adds a first-party caveat, as any holder of a macaroon may. */
  String narrow(String macaroon, String caveat) {
    return run("narrow", macaroon, caveat).get("macaroon").asText();
  }

  /** js-macaroon's copy of the macaroon without its last caveat, signature kept. */
  String dropLastCaveat(String macaroon) {
    return run("drop-last-caveat", macaroon).get("macaroon").asText();
  }

  private static JsonNode run(String... args) {
    return NodeScript.installed(SCRIPT, PACKAGE).run(args);
  }
}
