package dev.payql.api.marketdata.data;

import java.util.Objects;

/** @param country ISO 3166-1 alpha-2 code of where the exchange is registered */
public record Exchange(String exchangeSymbol, String exchangeName, String country) {
  public Exchange {
    Objects.requireNonNull(exchangeSymbol, "exchangeSymbol");
    Objects.requireNonNull(exchangeName, "exchangeName");
    Objects.requireNonNull(country, "country");
  }
}
