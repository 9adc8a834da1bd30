package dev.payql.ports.out.rates;

import java.time.Duration;
import java.util.Objects;

/**
 * No BTC/USD rate is fresh enough to price at (every source stale, failing, or disagreeing). The
 * message says why for the operator's log; {@link #retryAfter()} is when a new rate may be known.
 */
public final class RateUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public RateUnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
