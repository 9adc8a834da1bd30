package dev.payql.domain.purchase;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** SHA-256 of a {@link OneTimeKey}: 64 lowercase hex. Safe to store and log; it reveals no key. */
public record KeyDigest(String hex) {

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  public KeyDigest {
    Objects.requireNonNull(hex, "hex");
    if (!HEX_64.matcher(hex).matches()) {
      throw new IllegalArgumentException("a key digest is 64 lowercase hex characters");
    }
  }

  public static KeyDigest of(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a key digest is 32 bytes, not " + sha256.length);
    }
    return new KeyDigest(HexFormat.of().formatHex(sha256));
  }

  /** A short, stable form for logs and invoice labels. */
  public String shortForm() {
    return hex.substring(0, 16);
  }

  @Override
  public String toString() {
    return hex;
  }
}
