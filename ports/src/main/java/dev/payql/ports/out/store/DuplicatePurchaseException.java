package dev.payql.ports.out.store;

import java.util.Objects;

/** A purchase with the same key digest or payment hash is stored already; {@link #conflict()} says which. */
public class DuplicatePurchaseException extends RuntimeException {

  /** What the new purchase shares with a stored one. */
  public enum Conflict {
    /** The key digest, so the key itself: only a broken random generator repeats a 256-bit key. */
    KEY_DIGEST,
    /** The payment hash, and not the key: the node issued a hash it had issued before. */
    PAYMENT_HASH
  }

  private final Conflict conflict;

  public DuplicatePurchaseException(String message, Conflict conflict, Throwable cause) {
    super(message, cause);
    this.conflict = Objects.requireNonNull(conflict, "conflict");
  }

  public Conflict conflict() {
    return conflict;
  }
}
