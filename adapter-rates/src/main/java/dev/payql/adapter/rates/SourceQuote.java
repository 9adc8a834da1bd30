package dev.payql.adapter.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A source's price and the moment it describes: when PayQL fetched it, or the source's own earlier
 * time if it reported one (never later than the fetch, so a source's fast clock cannot make an old
 * price look fresh).
 */
record SourceQuote(String source, BigDecimal usdPerBtc, Instant observedAt) {

  SourceQuote {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(usdPerBtc, "usdPerBtc");
    Objects.requireNonNull(observedAt, "observedAt");
  }

  static SourceQuote of(String source, TickerReading reading, Instant fetchedAt) {
    Instant observed = reading.reportedAt().filter(reported -> reported.isBefore(fetchedAt)).orElse(fetchedAt);
    return new SourceQuote(source, reading.usdPerBtc(), observed);
  }
}
