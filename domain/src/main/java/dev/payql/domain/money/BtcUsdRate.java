package dev.payql.domain.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** The price of one bitcoin in US dollars, as known at {@code observedAt}. */
public record BtcUsdRate(BigDecimal usdPerBtc, Instant observedAt) {

  public BtcUsdRate {
    Objects.requireNonNull(usdPerBtc, "usdPerBtc");
    Objects.requireNonNull(observedAt, "observedAt");
    if (usdPerBtc.signum() <= 0) {
      throw new IllegalArgumentException("a BTC/USD rate must be positive: " + usdPerBtc);
    }
  }
}
