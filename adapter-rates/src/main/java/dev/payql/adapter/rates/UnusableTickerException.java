package dev.payql.adapter.rates;

/** A ticker answer that gives no price to trust: an error the source reports, or an unexpected shape. */
final class UnusableTickerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnusableTickerException(String message) {
    super(message);
  }
}
