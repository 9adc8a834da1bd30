package dev.payql.api.marketdata.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One OHLCV candle; {@code start} is the beginning of its interval, volume in the base asset. */
public record Candle(Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
    BigDecimal volume) {
  public Candle {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(close, "close");
    Objects.requireNonNull(volume, "volume");
  }
}
