package dev.payql.adapter.http.web;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.request.RequestFingerprint;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * One purchase of one request, as every scheme's challenge offers it: the one invoice, and what binds
 * it to the request (the fingerprint, and the digest of the body as sent).
 *
 * @param network the node's network ({@code mainnet}, {@code regtest}, …), which x402 and the Payment
 *     scheme name
 * @param resource the URL the request was sent to, which x402 names
 */
record Offer(Bolt11 invoice, PaymentHash paymentHash, Msat amount, Instant invoiceExpiresAt,
    RequestFingerprint fingerprint, String bodyDigest, String network, String resource) {

  Offer {
    Objects.requireNonNull(invoice, "invoice");
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(invoiceExpiresAt, "invoiceExpiresAt");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(bodyDigest, "bodyDigest");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(resource, "resource");
  }

  /** RFC 9530's Content-Digest form of SHA-256 over the body bytes: {@code sha-256=:<base64>:}. */
  static String digestOf(byte[] body) {
    try {
      return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)) + ":";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
