package dev.payql.api.marketdata.data;

import java.util.Objects;

/** @param marketSymbol {@code Exchange:BASE/QUOTE}, for example {@code Binance:LTC/BTC} */
public record Market(String marketSymbol, String exchangeSymbol, String baseSymbol, String quoteSymbol) {
  public Market {
    Objects.requireNonNull(marketSymbol, "marketSymbol");
    Objects.requireNonNull(exchangeSymbol, "exchangeSymbol");
    Objects.requireNonNull(baseSymbol, "baseSymbol");
    Objects.requireNonNull(quoteSymbol, "quoteSymbol");
  }
}
