package dev.payql.adapter.persistence.store;

import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.Refund;
import dev.payql.domain.purchase.StoredResponse;
import java.math.BigDecimal;
import java.time.Instant;

/** A purchase as the columns of table {@code purchases}: what the SQL binds by name (public for JDBI). */
public record PurchaseRow(
    String keyDigest,
    String fingerprint,
    String paymentHash,
    String paymentRequest,
    long priceMsat,
    BigDecimal priceUsd,
    long weight,
    Instant createdAt,
    Instant invoiceExpiresAt,
    String state,
    long version,
    Instant paidAt,
    Instant keyExpiresAt,
    Instant leaseExpiresAt,
    int attempts,
    byte[] responseBody,
    Instant replayUntil,
    String refundPaymentHash,
    String refundPaymentRequest,
    Long refundAmountMsat,
    Instant refundRequestedAt,
    Long refundFeeMsat,
    boolean atMostOnce) {

  static PurchaseRow of(Purchase p) {
    return new PurchaseRow(
        p.keyDigest().hex(),
        p.fingerprint().hex(),
        p.paymentHash().hex(),
        p.paymentRequest().text(),
        p.price().msat().value(),
        p.price().usd(),
        p.weight(),
        p.createdAt(),
        p.invoiceExpiresAt(),
        p.state().name(),
        p.version(),
        p.paidAt().orElse(null),
        p.keyExpiresAt().orElse(null),
        p.leaseExpiresAt().orElse(null),
        p.attempts(),
        p.response().map(StoredResponse::body).orElse(null),
        p.response().map(StoredResponse::replayUntil).orElse(null),
        p.refund().map(r -> r.paymentHash().hex()).orElse(null),
        p.refund().map(r -> r.paymentRequest().text()).orElse(null),
        p.refund().map(r -> r.amount().value()).orElse(null),
        p.refund().map(Refund::requestedAt).orElse(null),
        p.refund().flatMap(Refund::fee).map(Msat::value).orElse(null),
        p.atMostOnce());
  }
}
