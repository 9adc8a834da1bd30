package dev.payql.domain.purchase;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.domain.request.RequestFingerprint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Purchases in every state, built through the real transitions on one fixed timeline so a test
 * names only what it is about:
 * <pre>
 * T0 created ─1 min→ PAID_AT ─1 min→ CLAIMED_AT (lease LEASE) ─5 s→ COMPLETED_AT (replay REPLAY_WINDOW)
 * T0 + INVOICE_LIFETIME: the unpaid invoice lapses;  PAID_AT + KEY_LIFETIME: the unused key lapses
 * </pre>
 */
public final class TestPurchaseFactory {

  public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  public static final Duration INVOICE_LIFETIME = Duration.ofMinutes(10);
  public static final Duration LEASE = Duration.ofSeconds(30);
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);
  public static final Duration KEY_LIFETIME = Duration.ofDays(30);
  public static final RedemptionPolicy POLICY = new RedemptionPolicy(LEASE, REPLAY_WINDOW, KEY_LIFETIME);

  public static final Instant INVOICE_EXPIRES_AT = T0.plus(INVOICE_LIFETIME);
  public static final Instant PAID_AT = T0.plus(Duration.ofMinutes(1));
  public static final Instant KEY_EXPIRES_AT = PAID_AT.plus(KEY_LIFETIME);
  public static final Instant CLAIMED_AT = PAID_AT.plus(Duration.ofMinutes(1));
  public static final Instant LEASE_EXPIRES_AT = CLAIMED_AT.plus(LEASE);
  public static final Instant COMPLETED_AT = CLAIMED_AT.plus(Duration.ofSeconds(5));
  public static final Instant REPLAY_UNTIL = COMPLETED_AT.plus(REPLAY_WINDOW);

  /** The request that was invoiced, and another one. */
  public static final GraphQLRequest INVOICED_REQUEST = GraphQLRequest.of(
      "query Price($asset: String!) { ticker(asset: $asset) { last } }", "Price", Map.of("asset", "BTC"));
  public static final RequestFingerprint INVOICED = INVOICED_REQUEST.fingerprint();
  public static final RequestFingerprint OTHER = GraphQLRequest.of(
      "query Price($asset: String!) { ticker(asset: $asset) { last } }", "Price", Map.of("asset", "ETH"))
      .fingerprint();

  public static final KeyDigest DIGEST = new KeyDigest("ab".repeat(32));
  public static final PaymentHash HASH = new PaymentHash("cd".repeat(32));
  public static final Bolt11 PAYMENT_REQUEST =
      new Bolt11("lnbcrt210n1pjq8z5xpp5qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsdqqcqzzs");
  public static final Price PRICE = new Price(Msat.ofSat(21), new BigDecimal("0.0126"));
  public static final long WEIGHT = 21;

  /** The buyer's refund invoice, asked for a minute after the execution failed. */
  public static final Instant REFUND_REQUESTED_AT = COMPLETED_AT.plus(Duration.ofMinutes(1));
  public static final Refund REFUND = Refund.requested(new PaymentHash("ef".repeat(32)),
      new Bolt11("lnbcrt200n1pjq8z5xpp5rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrsdqqcqzzs"), Msat.ofSat(20),
      REFUND_REQUESTED_AT);
  public static final Msat REFUND_FEE = Msat.of(1_000);

  public static byte[] responseBody() {
    return "{\"data\":{\"ticker\":{\"last\":\"60000.00\"}}}".getBytes(StandardCharsets.UTF_8);
  }

  private TestPurchaseFactory() {}

  public static Purchase awaiting() {
    return Purchase.awaitingPayment(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, T0, INVOICE_EXPIRES_AT);
  }

  public static Purchase paid() {
    return awaiting().markPaid(PAID_AT, KEY_LIFETIME).orElseThrow();
  }

  /** The same timeline for a purchase sold at most once (a mutation, ADR 0033). */
  public static Purchase awaitingAtMostOnce() {
    return Purchase.awaitingPayment(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, true, T0,
        INVOICE_EXPIRES_AT);
  }

  public static Purchase executingAtMostOnce() {
    return awaitingAtMostOnce().markPaid(PAID_AT, KEY_LIFETIME).orElseThrow().claim(CLAIMED_AT, LEASE);
  }

  /** Sold at most once, and its execution was interrupted after the request may have been sent. */
  public static Purchase outcomeUnknown() {
    return executingAtMostOnce().interrupt();
  }

  public static Purchase executing() {
    return paid().claim(CLAIMED_AT, LEASE);
  }

  public static Purchase spent() {
    return executing().complete(responseBody(), COMPLETED_AT, REPLAY_WINDOW);
  }

  /** Spent, and the stored response deleted after the replay window closed. */
  public static Purchase spentAndForgotten() {
    return spent().forgetResponse(REPLAY_UNTIL);
  }

  public static Purchase failed() {
    return executing().fail();
  }

  /** The refund is recorded and the node asked to pay it; its outcome is not known yet. */
  public static Purchase refunding() {
    return failed().startRefund(REFUND);
  }

  public static Purchase refunded() {
    return refunding().refundPaid(REFUND_FEE);
  }

  /** The invoice lapsed before anyone paid it. */
  public static Purchase expiredUnpaid() {
    return awaiting().expireInvoice(INVOICE_EXPIRES_AT);
  }

  /** Paid, never used, and the key outlived its lifetime. */
  public static Purchase expiredAfterPayment() {
    return paid().expireKey(KEY_EXPIRES_AT);
  }

  /** One purchase in every state (EXPIRED and SPENT in both their forms), named by state. */
  public static Map<String, Purchase> oneOfEach() {
    Map<String, Purchase> all = new LinkedHashMap<>();
    all.put("AWAITING_PAYMENT", awaiting());
    all.put("PAID", paid());
    all.put("EXECUTING", executing());
    all.put("SPENT", spent());
    all.put("SPENT (response forgotten)", spentAndForgotten());
    all.put("FAILED", failed());
    all.put("OUTCOME_UNKNOWN", outcomeUnknown());
    all.put("REFUNDING", refunding());
    all.put("REFUNDED", refunded());
    all.put("EXPIRED (unpaid)", expiredUnpaid());
    all.put("EXPIRED (after payment)", expiredAfterPayment());
    return all;
  }

  /**
   * A purchase built straight through the constructor, for the invariants: the state and the
   * optional parts are exactly as given, everything else as in {@link #awaiting()} (sold at most
   * once for OUTCOME_UNKNOWN, the only state that needs it).
   */
  public static Purchase raw(PurchaseState state, Optional<Instant> paidAt, Optional<Instant> keyExpiresAt,
      Optional<Instant> leaseExpiresAt, Optional<StoredResponse> response) {
    return raw(state, paidAt, keyExpiresAt, leaseExpiresAt, response, Optional.empty());
  }

  public static Purchase raw(PurchaseState state, Optional<Instant> paidAt, Optional<Instant> keyExpiresAt,
      Optional<Instant> leaseExpiresAt, Optional<StoredResponse> response, Optional<Refund> refund) {
    return new Purchase(DIGEST, INVOICED, HASH, PAYMENT_REQUEST, PRICE, WEIGHT, state == PurchaseState.OUTCOME_UNKNOWN,
        T0, INVOICE_EXPIRES_AT,
        state, 0, paidAt, keyExpiresAt, leaseExpiresAt, 0, response, refund);
  }
}
