package dev.payql.api.marketdata.data;

import java.time.Duration;

/** Candle widths the schema offers; the names are the GraphQL enum values. */
public enum Resolution {
  _1m(Duration.ofMinutes(1)),
  _5m(Duration.ofMinutes(5)),
  _15m(Duration.ofMinutes(15)),
  _30m(Duration.ofMinutes(30)),
  _1h(Duration.ofHours(1)),
  _2h(Duration.ofHours(2)),
  _4h(Duration.ofHours(4)),
  _1d(Duration.ofDays(1));

  private final Duration width;

  Resolution(Duration width) {
    this.width = width;
  }

  public Duration width() {
    return width;
  }
}
