package dev.payql.ports.out.rates;

import dev.payql.domain.money.BtcUsdRate;

/** Where the BTC/USD rate comes from; prices are shown in USD at it. */
public interface ExchangeRates {

  BtcUsdRate btcUsd();
}
