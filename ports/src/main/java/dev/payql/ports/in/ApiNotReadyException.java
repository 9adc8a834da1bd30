package dev.payql.ports.in;

import java.time.Duration;
import java.util.Objects;

/**
 * The API being sold cannot answer yet: the data it serves is still loading (the bundled sample
 * market data on a first start). Thrown by the use cases that would invoice or run a request before
 * anything was priced, claimed or paid, so nothing changed and the buyer retries after
 * {@link #retryAfter()}. Free introspection does not wait for it.
 */
public final class ApiNotReadyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public ApiNotReadyException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
