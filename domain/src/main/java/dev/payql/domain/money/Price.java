package dev.payql.domain.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one request costs: the amount the invoice asks for and its value in USD at the rate used.
 * USD is informative only; the msat amount is what is paid.
 */
public record Price(Msat msat, BigDecimal usd) {

  /** Dollars are shown to a hundred-millionth: one msat at 100k USD/BTC is 1e-6 USD. */
  static final int USD_SCALE = 8;

  public Price {
    Objects.requireNonNull(msat, "msat");
    Objects.requireNonNull(usd, "usd");
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("a price cannot be negative: " + usd + " USD");
    }
  }

  /** The USD value of {@code amount} at {@code rate}, rounded half-even to {@value #USD_SCALE} places. */
  public static Price of(Msat amount, BtcUsdRate rate) {
    BigDecimal usd = BigDecimal.valueOf(amount.value())
        .multiply(rate.usdPerBtc())
        .divide(BigDecimal.valueOf(Msat.PER_BTC), USD_SCALE, RoundingMode.HALF_EVEN)
        .stripTrailingZeros();
    if (usd.scale() < 0) {
      usd = usd.setScale(0, RoundingMode.UNNECESSARY);
    }
    return new Price(amount, usd);
  }

  /** Msat that buy {@code usd} dollars at {@code rate}, rounded up so the seller never loses a msat. */
  public static Msat msatFor(BigDecimal usd, BtcUsdRate rate) {
    return new Msat(exactMsatFor(usd, rate).longValueExact());
  }

  /** As {@link #msatFor}, as a whole decimal that may exceed a long (bounds are applied after). */
  static BigDecimal exactMsatFor(BigDecimal usd, BtcUsdRate rate) {
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("a price cannot be negative: " + usd + " USD");
    }
    return usd.multiply(BigDecimal.valueOf(Msat.PER_BTC)).divide(rate.usdPerBtc(), 0, RoundingMode.CEILING);
  }
}
