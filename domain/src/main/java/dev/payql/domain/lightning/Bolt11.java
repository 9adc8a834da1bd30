package dev.payql.domain.lightning;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A BOLT11 payment request as text. The domain treats it as opaque: decoding is the node's job.
 * Only its outer shape is checked: the {@code ln} prefix and the bech32 character set
 * (BOLT11 "Human-readable part" and "Data part").
 */
public record Bolt11(String text) {

  private static final Pattern SHAPE = Pattern.compile("ln[a-z0-9]+1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+");

  /**
   * Long invoices exist (route hints); 7089 is the limit CLN and LND accept in practice. The one
   * definition: whatever else reads payment requests (the QR code endpoint) takes it from here.
   */
  public static final int MAX_LENGTH = 7089;

  public Bolt11 {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a BOLT11 payment request is at most " + MAX_LENGTH + " characters");
    }
    if (!SHAPE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a BOLT11 payment request (expected lowercase ln…1…)");
    }
  }

  /** BOLT11 text may be written in upper case (QR codes do that); it is stored in lower case. */
  public static Bolt11 parse(String text) {
    String trimmed = Objects.requireNonNull(text, "text").strip();
    if (trimmed.regionMatches(true, 0, "lightning:", 0, 10)) {
      trimmed = trimmed.substring(10);
    }
    return new Bolt11(trimmed.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return text;
  }
}
