package dev.payql.ports.out.rates;

import dev.payql.domain.money.BtcUsdRate;

/**
 * Where the BTC/USD rate comes from. Prices are shown in USD at it and, with a tariff in USD,
 * converted to msat at it, so an adapter answers only with a rate it is willing to sell at.
 */
public interface ExchangeRates {

  /**
   * The rate to price at now, never older than the adapter's staleness limit.
   *
   * @throws RateUnavailableException when no rate is fresh enough to sell at: no invoice may be
   *     priced then, rather than mis-priced
   */
  BtcUsdRate btcUsd();
}
