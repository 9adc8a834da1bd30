package dev.payql.domain.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the operator charges, before bounds: {@code base + perUnit × weight}, either in millisatoshi
 * (the amount is known without a rate) or in US dollars (converted to msat at the rate of the moment
 * the invoice is issued).
 */
public sealed interface Tariff {

  /** The raw amount for {@code weight}, in msat, as an exact decimal (it may exceed a long). */
  BigDecimal rawMsat(long weight, BtcUsdRate rate);

  record InMsat(Msat base, Msat perUnit) implements Tariff {
    public InMsat {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(perUnit, "perUnit");
    }

    @Override
    public BigDecimal rawMsat(long weight, BtcUsdRate rate) {
      return BigDecimal.valueOf(base.value()).add(BigDecimal.valueOf(perUnit.value()).multiply(BigDecimal.valueOf(weight)));
    }
  }

  record InUsd(BigDecimal base, BigDecimal perUnit) implements Tariff {
    public InUsd {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(perUnit, "perUnit");
      if (base.signum() < 0 || perUnit.signum() < 0) {
        throw new IllegalArgumentException("USD prices cannot be negative: base " + base + ", per unit " + perUnit);
      }
    }

    @Override
    public BigDecimal rawMsat(long weight, BtcUsdRate rate) {
      BigDecimal usd = base.add(perUnit.multiply(BigDecimal.valueOf(weight)));
      return Price.exactMsatFor(usd, rate);
    }
  }
}
