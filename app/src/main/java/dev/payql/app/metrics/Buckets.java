package dev.payql.app.metrics;

import java.time.Duration;

/**
 * Histogram buckets, fixed rather than Micrometer's 70-odd percentile buckets, so a scrape stays
 * small while {@code histogram_quantile} still gives p50, p95 and p99.
 */
final class Buckets {

  /** A node or database call: milliseconds when healthy, up to a refund's minute when not. */
  static final Duration[] CALLS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};

  /** From a payment at the node to PayQL knowing it: the stream takes milliseconds, a missed one minutes. */
  static final Duration[] SETTLEMENT_LAG = {
      Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15)};

  private Buckets() {}
}
