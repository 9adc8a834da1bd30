package dev.payql.benchmarks;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.domain.redemption.RedemptionDecision;
import dev.payql.domain.redemption.RedemptionRules;
import dev.payql.domain.request.RequestFingerprint;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RedemptionRules#decide} for a paid purchase presented with its own request (the branch
 * every successful redemption takes, answered {@code Execute}) beside {@link Objects#hash} of the
 * same three inputs: the floor of any function that merely reads them. The ratio says whether the
 * rules themselves cost anything worth a thought next to a store round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedemptionRulesBenchmark {

  private Purchase paid;
  private RequestFingerprint presented;
  private Instant now;

  @Setup
  public void setUp() {
    Instant created = Instant.parse("2026-01-01T12:00:00Z");
    RequestFingerprint fingerprint = RequestFingerprint.of(RequestFingerprintBenchmark.SEED_QUERY, null,
        Map.of("symbol", "binance"));
    Purchase awaiting = Purchase.awaitingPayment(
        KeyDigest.of(new byte[32]),
        fingerprint,
        PaymentHash.of(new byte[32]),
        new Bolt11(Bolt11Samples.signedText()),
        new Price(Msat.of(29_000), new BigDecimal("0.0174")),
        29,
        created,
        created.plus(Duration.ofMinutes(10)));
    paid = awaiting.markPaid(created.plusSeconds(5), RedemptionPolicy.defaults().keyLifetime()).orElseThrow();
    // an equal but distinct fingerprint, as the redemption computes it afresh from the body
    presented = new RequestFingerprint(new String(fingerprint.hex().toCharArray()));
    now = created.plusSeconds(6);
  }

  @Benchmark
  public RedemptionDecision decidePaid() {
    return RedemptionRules.decide(paid, presented, now);
  }

  @Benchmark
  public int baselineHashOfInputs() {
    return Objects.hash(paid.state(), paid.fingerprint(), presented, now);
  }

  Purchase paidPurchase() {
    return paid;
  }

  RequestFingerprint presentedFingerprint() {
    return presented;
  }

  Instant now() {
    return now;
  }
}
