package dev.payql.ports.testing;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.ExchangeRates;

/** A BTC/USD rate that never moves. */
public record FixedRates(BtcUsdRate btcUsd) implements ExchangeRates {}
