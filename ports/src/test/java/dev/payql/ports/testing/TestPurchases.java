package dev.payql.ports.testing;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.request.GraphQLRequest;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Builds valid purchases for tests, each with its own random key and payment hash. */
public final class TestPurchases {

  private static final SecureRandom RANDOM = new SecureRandom();
  public static final GraphQLRequest REQUEST = GraphQLRequest.of("{ exchange(exchangeSymbol: \"binance\") { country } }");
  public static final BtcUsdRate RATE = BtcUsdRate.of(new BigDecimal("60000"), Instant.parse("2026-01-01T00:00:00Z"), "fixed");
  /** Shaped like a BOLT11 request (its checksum is not checked); the store treats it as opaque. */
  public static final Bolt11 PAYMENT_REQUEST = new Bolt11(
      "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql");

  private TestPurchases() {}

  public static PaymentHash randomHash() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PaymentHash.of(bytes);
  }

  public static KeyDigest randomDigest() {
    return OneTimeKey.generate(RANDOM).digest();
  }

  /** An unpaid purchase created at {@code now} whose invoice lapses after {@code invoiceExpiry}. */
  public static Purchase awaiting(Instant now, Duration invoiceExpiry) {
    return awaiting(randomDigest(), now, invoiceExpiry);
  }

  public static Purchase awaiting(KeyDigest digest, Instant now, Duration invoiceExpiry) {
    Msat amount = Msat.ofSat(21);
    return Purchase.awaitingPayment(digest, REQUEST.fingerprint(), randomHash(), PAYMENT_REQUEST,
        Price.of(amount, RATE), 21, now, now.plus(invoiceExpiry));
  }

  /** The same, of a request sold at most once (a mutation, ADR 0033). */
  public static Purchase awaitingAtMostOnce(Instant now, Duration invoiceExpiry) {
    return Purchase.awaitingPayment(randomDigest(), REQUEST.fingerprint(), randomHash(), PAYMENT_REQUEST,
        Price.of(Msat.ofSat(21), RATE), 21, true, now, now.plus(invoiceExpiry));
  }

  public static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
