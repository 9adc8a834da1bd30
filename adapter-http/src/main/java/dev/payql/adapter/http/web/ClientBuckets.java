package dev.payql.adapter.http.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each may burst up to {@code perMinute} requests of one kind and gets
 * one more every {@code 60 s / perMinute}. Buckets live in a Caffeine cache bounded by
 * {@code trackedClients} and forgotten after a minute unused (a bucket idle that long is full
 * anyway), so memory stays bounded and no request ever scans the others' buckets.
 */
final class ClientBuckets {

  private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;

  ClientBuckets(int perMinute, int trackedClients, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(trackedClients)
        .expireAfterAccess(Duration.ofMinutes(1))
        .ticker(nanoTime::getAsLong)
        .build();
  }

  boolean enabled() {
    return perMinute > 0;
  }

  /** Takes a token for {@code client}; empty when allowed, else how long until the next token. */
  Optional<Duration> take(String client) {
    if (!enabled()) {
      return Optional.empty();
    }
    return bucket(client).take(nanoTime.getAsLong());
  }

  /** Returns the token a request took when it turned out not to be the kind this bucket rations. */
  void giveBack(String client) {
    if (enabled()) {
      bucket(client).giveBack();
    }
  }

  /** How many clients are remembered now (tests: memory stays bounded). */
  long tracked() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(String client) {
    return buckets.get(client, c -> new Bucket(nanoTime.getAsLong()));
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

    synchronized void giveBack() {
      scaledTokens = Math.min(capacity(), scaledTokens + NANOS_PER_MINUTE);
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
