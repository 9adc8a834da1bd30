/**
 * The BTC/USD rate from public tickers: {@link dev.payql.adapter.rates.PolledExchangeRates} polls each
 * configured {@link dev.payql.adapter.rates.TickerSource} (Kraken, Coinbase, Bitstamp, CoinGecko) on
 * an interval with the JDK's HttpClient, keeps each source's last good quote, and answers the median
 * of the fresh quotes that agree with each other ({@link dev.payql.adapter.rates.QuoteCombiner}), or
 * refuses when too few are fresh. ADR 0024 says why.
 */
package dev.payql.adapter.rates;
