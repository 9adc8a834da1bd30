package dev.payql.domain.purchase;

import java.time.Duration;
import java.util.Objects;

/**
 * The times that govern redemption.
 *
 * @param executionLease how long an executor holds a claim; must exceed the longest execution,
 *     since a lapsed lease lets another instance execute the same key
 * @param replayWindow how long a spent key's response can be fetched again
 * @param keyLifetime how long a paid key stays redeemable if it is never used
 */
public record RedemptionPolicy(Duration executionLease, Duration replayWindow, Duration keyLifetime) {

  public RedemptionPolicy {
    Objects.requireNonNull(executionLease, "executionLease");
    Objects.requireNonNull(replayWindow, "replayWindow");
    Objects.requireNonNull(keyLifetime, "keyLifetime");
    if (executionLease.isNegative() || executionLease.isZero()) {
      throw new IllegalArgumentException("the execution lease must be positive");
    }
    if (replayWindow.isNegative()) {
      throw new IllegalArgumentException("the replay window cannot be negative");
    }
    if (keyLifetime.isNegative() || keyLifetime.isZero()) {
      throw new IllegalArgumentException("the key lifetime must be positive");
    }
  }

  /** Lease 60 s, replay window 10 min, paid keys usable for 30 days. */
  public static RedemptionPolicy defaults() {
    return new RedemptionPolicy(Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofDays(30));
  }
}
