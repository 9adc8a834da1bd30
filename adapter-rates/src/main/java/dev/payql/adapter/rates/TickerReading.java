package dev.payql.adapter.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one ticker answer says: USD per BTC and, where the source tells, when it last moved. A
 * source that reports its own time (Bitstamp, CoinGecko) can thereby show that it serves an old
 * price even when it answers fast.
 */
record TickerReading(BigDecimal usdPerBtc, Optional<Instant> reportedAt) {

  TickerReading {
    Objects.requireNonNull(usdPerBtc, "usdPerBtc");
    Objects.requireNonNull(reportedAt, "reportedAt");
  }
}
