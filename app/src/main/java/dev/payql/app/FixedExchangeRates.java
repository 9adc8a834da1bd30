package dev.payql.app;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.ExchangeRates;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * The BTC/USD rate from configuration ({@code PAYQL_BTC_USD}): the offline default, never stale,
 * dated when PayQL started and named {@code fixed} in the invoice answer's {@code rate.sources}.
 * With a tariff in USD it sets the msat amount too, so an operator who prices in dollars usually
 * configures live sources ({@code PAYQL_RATE_SOURCES}) instead.
 */
final class FixedExchangeRates implements ExchangeRates {

  static final String SOURCE = "fixed";

  private final BtcUsdRate rate;

  FixedExchangeRates(BigDecimal usdPerBtc, Clock clock) {
    this.rate = BtcUsdRate.of(usdPerBtc, clock.instant(), SOURCE);
  }

  @Override
  public BtcUsdRate btcUsd() {
    return rate;
  }
}
