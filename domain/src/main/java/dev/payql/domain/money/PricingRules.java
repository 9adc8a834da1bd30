package dev.payql.domain.money;

import java.util.Objects;

/**
 * How a request's weight becomes an amount: {@code base + perUnit × weight}, held between
 * {@code minimum} and {@code maximum}. Requests heavier than {@code maxWeight} are not sold at all.
 */
public record PricingRules(Msat base, Msat perUnit, Msat minimum, Msat maximum, long maxWeight) {

  public PricingRules {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(perUnit, "perUnit");
    Objects.requireNonNull(minimum, "minimum");
    Objects.requireNonNull(maximum, "maximum");
    if (minimum.value() < 1) {
      // a zero-amount invoice is an "any amount" invoice in BOLT11: it would let a payer pay 1 msat
      throw new IllegalArgumentException("the minimum price must be at least 1 msat");
    }
    if (minimum.isGreaterThan(maximum)) {
      throw new IllegalArgumentException("minimum " + minimum + " is above maximum " + maximum);
    }
    if (maxWeight < 1) {
      throw new IllegalArgumentException("the maximum weight must be at least 1: " + maxWeight);
    }
  }

  /** Defaults: 1 sat per unit of weight, at least 1 sat, at most 10,000 sat, weight up to 1,000. */
  public static PricingRules defaults() {
    return new PricingRules(Msat.ZERO, Msat.ofSat(1), Msat.ofSat(1), Msat.ofSat(10_000), 1_000);
  }

  public boolean allows(long weight) {
    return weight >= 0 && weight <= maxWeight;
  }

  /** The amount for a request of {@code weight}; the caller checks {@link #allows(long)} first. */
  public Msat priceOf(long weight) {
    if (!allows(weight)) {
      throw new IllegalArgumentException("weight " + weight + " is outside 0.." + maxWeight);
    }
    long raw;
    try {
      raw = Math.addExact(base.value(), Math.multiplyExact(perUnit.value(), weight));
    } catch (ArithmeticException overflow) {
      raw = Long.MAX_VALUE;
    }
    return new Msat(Math.min(Math.max(raw, minimum.value()), maximum.value()));
  }
}
