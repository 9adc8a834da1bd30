package dev.payql.domain.purchase;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one-time API key handed to the buyer with the invoice: 32 random bytes, shown as 64 lowercase
 * hex characters. It is a bearer secret: PayQL keeps only its {@link #digest()}, and
 * {@link #toString()} never prints it. Use {@link #reveal()} only to hand it to its owner.
 */
public final class OneTimeKey {

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int LENGTH = 32;

  private final byte[] secret;

  private OneTimeKey(byte[] secret) {
    this.secret = secret;
  }

  public static OneTimeKey generate(SecureRandom random) {
    byte[] secret = new byte[LENGTH];
    random.nextBytes(secret);
    return new OneTimeKey(secret);
  }

  /**
   * Reads a key as a client presents it. Hex case is ignored, as with the payment hashes; anything
   * else is refused without echoing the input, which may be someone's secret.
   */
  public static OneTimeKey parse(String text) {
    if (text == null || !HEX_64.matcher(text).matches()) {
      throw new IllegalArgumentException("an API key is 64 hex characters");
    }
    return new OneTimeKey(HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT)));
  }

  public static boolean isWellFormed(String text) {
    return text != null && HEX_64.matcher(text).matches();
  }

  /** SHA-256 of the 32 key bytes: what the store keeps and looks keys up by. */
  public KeyDigest digest() {
    try {
      return KeyDigest.of(MessageDigest.getInstance("SHA-256").digest(secret));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key as its owner types it. The only way to read the secret, so it is easy to audit. */
  public String reveal() {
    return HexFormat.of().formatHex(secret);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OneTimeKey other && MessageDigest.isEqual(secret, other.secret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }

  @Override
  public String toString() {
    return "OneTimeKey[digest=" + digest().hex().substring(0, 12) + "…]";
  }
}
