package dev.payql.api.marketdata.data;

import java.math.BigDecimal;
import java.util.Objects;

/** 24-hour statistics of a market; prices in the quote asset, volumes in base and quote. */
public record Ticker(BigDecimal lastPrice, BigDecimal percentChange, BigDecimal lowPrice, BigDecimal highPrice,
    BigDecimal baseVolume, BigDecimal quoteVolume) {
  public Ticker {
    Objects.requireNonNull(lastPrice, "lastPrice");
    Objects.requireNonNull(percentChange, "percentChange");
    Objects.requireNonNull(lowPrice, "lowPrice");
    Objects.requireNonNull(highPrice, "highPrice");
    Objects.requireNonNull(baseVolume, "baseVolume");
    Objects.requireNonNull(quoteVolume, "quoteVolume");
  }
}
