package dev.payql.ports.out.store;

/** A purchase with the same key digest or payment hash is stored already. */
public class DuplicatePurchaseException extends RuntimeException {

  public DuplicatePurchaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
