package dev.payql.domain.lightning;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte secret whose SHA-256 is the payment hash. Whoever holds it has proof of payment, so
 * {@link #toString()} never prints it.
 */
public final class Preimage {

  private final byte[] bytes;

  private Preimage(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a preimage is 32 bytes, not " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  public static Preimage of(byte[] bytes) {
    return new Preimage(bytes);
  }

  public static Preimage ofHex(String hex) {
    try {
      return new Preimage(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a preimage is 64 hex characters");
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  public PaymentHash paymentHash() {
    try {
      return PaymentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preimage other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Preimage[redacted]";
  }
}
