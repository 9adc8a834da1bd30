package dev.payql.app;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.ExchangeRates;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * The BTC/USD rate from configuration ({@code PAYQL_BTC_USD}). USD prices are informative only:
 * invoices are in msat, so a stale rate never changes what a buyer pays.
 */
final class FixedExchangeRates implements ExchangeRates {

  private final BtcUsdRate rate;

  FixedExchangeRates(BigDecimal usdPerBtc, Clock clock) {
    this.rate = new BtcUsdRate(usdPerBtc, clock.instant());
  }

  @Override
  public BtcUsdRate btcUsd() {
    return rate;
  }
}
