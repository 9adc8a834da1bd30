package dev.payql.api.marketdata.jdbc;

/** A market data file the importer refuses; the message names the file and line. Nothing was imported. */
public class InvalidMarketDataException extends RuntimeException {

  public InvalidMarketDataException(String message) {
    super(message);
  }

  public InvalidMarketDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
