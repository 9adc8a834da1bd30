package dev.payql.domain.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The price of one bitcoin in US dollars, as known at {@code observedAt}, and where it came from
 * ({@code sources}: {@code fixed} for the configured rate, or the names of the ticker sources whose
 * quotes were combined). The invoice answer states all three, so a buyer can check the arithmetic.
 */
public record BtcUsdRate(BigDecimal usdPerBtc, Instant observedAt, List<String> sources) {

  public BtcUsdRate {
    Objects.requireNonNull(usdPerBtc, "usdPerBtc");
    Objects.requireNonNull(observedAt, "observedAt");
    sources = List.copyOf(sources);
    if (usdPerBtc.signum() <= 0) {
      throw new IllegalArgumentException("a BTC/USD rate must be positive: " + usdPerBtc);
    }
    if (sources.isEmpty() || sources.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("a BTC/USD rate names the sources it came from: " + sources);
    }
  }

  public static BtcUsdRate of(BigDecimal usdPerBtc, Instant observedAt, String... sources) {
    return new BtcUsdRate(usdPerBtc, observedAt, List.of(sources));
  }
}
