package dev.payql.adapter.http.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address for {@code POST /api/invoice}: each address may burst up to
 * {@code perMinute} invoices, and gets one more every {@code 60 s / perMinute}. Invoices cost the
 * node and the store something even when never paid, so they are rationed; redemptions are not.
 */
final class InvoiceRateLimit {

  private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
  /** Beyond this many tracked addresses, full (idle) buckets are forgotten. */
  private static final int SWEEP_THRESHOLD = 10_000;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  InvoiceRateLimit(int perMinute, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
  }

  boolean enabled() {
    return perMinute > 0;
  }

  /** Takes a token for {@code address}; empty when allowed, else how long until the next token. */
  Optional<Duration> take(String address) {
    if (!enabled()) {
      return Optional.empty();
    }
    if (buckets.size() > SWEEP_THRESHOLD) {
      long now = nanoTime.getAsLong();
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    return buckets.computeIfAbsent(address, a -> new Bucket(nanoTime.getAsLong())).take(nanoTime.getAsLong());
  }

  private final class Bucket {
    /** Tokens scaled by {@link #NANOS_PER_MINUTE}, so refilling stays in exact integer arithmetic. */
    private long scaledTokens;
    private long refilledAt;

    Bucket(long now) {
      this.scaledTokens = capacity();
      this.refilledAt = now;
    }

    synchronized Optional<Duration> take(long now) {
      refill(now);
      if (scaledTokens >= NANOS_PER_MINUTE) {
        scaledTokens -= NANOS_PER_MINUTE;
        return Optional.empty();
      }
      long missing = NANOS_PER_MINUTE - scaledTokens;
      return Optional.of(Duration.ofNanos(Math.ceilDiv(missing, perMinute)));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return scaledTokens == capacity();
    }

    private void refill(long now) {
      long elapsed = Math.max(0, now - refilledAt);
      refilledAt = now;
      // elapsed nanos × perMinute tokens per minute, in units of 1/NANOS_PER_MINUTE token
      long added = elapsed > capacity() / perMinute ? capacity() : elapsed * perMinute;
      scaledTokens = Math.min(capacity(), scaledTokens + added);
    }

    private long capacity() {
      return perMinute * NANOS_PER_MINUTE;
    }
  }
}
