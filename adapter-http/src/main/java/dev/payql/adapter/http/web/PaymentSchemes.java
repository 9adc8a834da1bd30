package dev.payql.adapter.http.web;

import dev.payql.domain.request.GraphQLRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard payment schemes side by side, as adapters over one purchase: each writes its
 * challenge for the same invoice and reads its own credential into a proof of payment; what the
 * proof may then do is decided by the redemption rules alone, as for a one-time key.
 */
final class PaymentSchemes {

  private final L402Scheme l402;
  private final PaymentAuthScheme payment;
  private final X402Scheme x402;

  PaymentSchemes(StandardPayments payments) {
    this.l402 = new L402Scheme(payments);
    this.payment = new PaymentAuthScheme(payments);
    this.x402 = new X402Scheme(payments);
  }

  /**
   * What the request presents: {@code Authorization} (Bearer, L402, LSAT, Payment) first, then
   * x402's {@code PAYMENT-SIGNATURE}. A credential of a known scheme that is forged, tampered or
   * malformed is a 401 problem; an unknown scheme too, as it always was.
   */
  PresentedCredential read(Context ctx, GraphQLRequest request, byte[] body) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String token = AuthParams.afterScheme(authorization);
      return switch (AuthParams.scheme(authorization)) {
        // RFC 6750 section 2.1 and bLIP-0026: schemes are case-insensitive
        case "bearer" -> new PresentedCredential.OneTimeKey(token);
        case "l402" -> l402.read("l402", token, request.fingerprint());
        case "lsat" -> l402.read("lsat", token, request.fingerprint());
        case "payment" -> payment.read(token, Offer.digestOf(body));
        default -> throw new ProblemException(Problem.of(401, "invalid_api_key", "Invalid API key",
            "send the one-time key as Authorization: Bearer <apikey>, or pay with L402, Payment or x402"));
      };
    }
    String signature = ctx.header(X402Scheme.SIGNATURE_HEADER);
    if (signature != null) {
      return x402.read(signature, request.fingerprint());
    }
    return new PresentedCredential.None();
  }

  /**
   * Every scheme's challenge for {@code offer}, in the order clients need them: {@code Payment}
   * first, since Alby's {@code fetchWithMpp} reads only a combined {@code WWW-Authenticate} that
   * begins with it, while its L402 reader finds {@code macaroon} and {@code invoice} anywhere in it;
   * then L402 and LSAT; then x402's {@code PAYMENT-REQUIRED}.
   */
  List<HeaderField> challenges(Offer offer, String problemCode) {
    List<HeaderField> fields = new ArrayList<>();
    payment.challenge(offer).ifPresent(fields::add);
    fields.addAll(l402.challenges(offer));
    fields.add(x402.challenge(offer, problemCode));
    return fields;
  }
}
