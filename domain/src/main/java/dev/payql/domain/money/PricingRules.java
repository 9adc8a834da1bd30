package dev.payql.domain.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a request's weight becomes a price: the operator's {@link Tariff}, held between
 * {@code minimum} and {@code maximum} msat. Requests heavier than {@code maxWeight} are not sold.
 *
 * <p>The bounds are in msat whatever the tariff's unit: they are what a Lightning invoice can
 * carry, and with a tariff in USD they also cap what a rate gone wrong could make a buyer pay.
 */
public record PricingRules(Tariff tariff, Msat minimum, Msat maximum, long maxWeight) {

  public PricingRules {
    Objects.requireNonNull(tariff, "tariff");
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

  /** A tariff in msat: {@code base + perUnit × weight}. */
  public PricingRules(Msat base, Msat perUnit, Msat minimum, Msat maximum, long maxWeight) {
    this(new Tariff.InMsat(base, perUnit), minimum, maximum, maxWeight);
  }

  /** Defaults: 1 sat per unit of weight, at least 1 sat, at most 10,000 sat, weight up to 1,000. */
  public static PricingRules defaults() {
    return new PricingRules(Msat.ZERO, Msat.ofSat(1), Msat.ofSat(1), Msat.ofSat(10_000), 1_000);
  }

  public boolean allows(long weight) {
    return weight >= 0 && weight <= maxWeight;
  }

  /**
   * The price of a request of {@code weight} at {@code rate}: the bounded msat amount, and its USD
   * value at that same rate, so the two always agree. The caller checks {@link #allows(long)} first.
   */
  public Price priceOf(long weight, BtcUsdRate rate) {
    Objects.requireNonNull(rate, "rate");
    if (!allows(weight)) {
      throw new IllegalArgumentException("weight " + weight + " is outside 0.." + maxWeight);
    }
    BigDecimal raw = tariff.rawMsat(weight, rate);
    BigDecimal bounded = raw.max(BigDecimal.valueOf(minimum.value())).min(BigDecimal.valueOf(maximum.value()));
    return Price.of(new Msat(bounded.longValueExact()), rate);
  }
}
