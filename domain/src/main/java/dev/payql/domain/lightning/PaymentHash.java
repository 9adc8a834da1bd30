package dev.payql.domain.lightning;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** SHA-256 of an invoice's preimage: 32 bytes, written as 64 lowercase hex characters. */
public record PaymentHash(String hex) {

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  public PaymentHash {
    Objects.requireNonNull(hex, "hex");
    if (!HEX_64.matcher(hex).matches()) {
      throw new IllegalArgumentException("a payment hash is 64 lowercase hex characters");
    }
  }

  /** Accepts upper case too, as some node APIs print it. */
  public static PaymentHash ofHex(String hex) {
    return new PaymentHash(Objects.requireNonNull(hex, "hex").toLowerCase(java.util.Locale.ROOT));
  }

  public static PaymentHash of(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a payment hash is 32 bytes, not " + bytes.length);
    }
    return new PaymentHash(HexFormat.of().formatHex(bytes));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
