package dev.payql.ports.out.store;

/** The store could not be reached or timed out. Transient: retry later. */
public class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
