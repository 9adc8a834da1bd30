package dev.payql.adapter.simnode.bolt11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Bech32 as BIP-173 defines it (the original constant 1, not bech32m), without BIP-173's
 * 90-character limit: BOLT #11 "Encoding Overview" lifts it because invoices are longer.
 * Data is a sequence of 5-bit groups, each held in one byte.
 */
public final class Bech32 {

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final int CHECKSUM_LENGTH = 6;
  private static final byte[] CHARSET_REV = new byte[128];

  static {
    Arrays.fill(CHARSET_REV, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
    }
  }

  private Bech32() {}

  /** A decoded string: its human-readable part (lower case) and its data groups without checksum. */
  public record Decoded(String hrp, byte[] data) {
    public Decoded {
      Objects.requireNonNull(hrp, "hrp");
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /** Writes {@code hrp}, the separator {@code 1}, the groups and the checksum, in lower case. */
  public static String encode(String hrp, byte[] groups) {
    checkHrp(hrp);
    byte[] checksum = checksum(hrp, groups);
    StringBuilder out = new StringBuilder(hrp.length() + 1 + groups.length + CHECKSUM_LENGTH);
    out.append(hrp).append('1');
    for (byte group : groups) {
      if (group < 0 || group > 31) {
        throw new IllegalArgumentException("a bech32 group holds 5 bits, not " + group);
      }
      out.append(CHARSET.charAt(group));
    }
    for (byte group : checksum) {
      out.append(CHARSET.charAt(group));
    }
    return out.toString();
  }

  /**
   * Reads a bech32 string. Upper case is accepted, mixed case is not (BIP-173 "Bech32"); the last
   * {@code 1} separates the human-readable part from the data.
   *
   * @throws Bolt11FormatException when the string is not valid bech32
   */
  public static Decoded decode(String text) {
    Objects.requireNonNull(text, "text");
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 33 || c > 126) {
        throw new Bolt11FormatException("bech32 allows printable US-ASCII only, found code " + (int) c + " at " + i);
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) {
      throw new Bolt11FormatException("bech32 text is all lower case or all upper case, not mixed");
    }
    String normalized = text.toLowerCase(Locale.ROOT);
    int separator = normalized.lastIndexOf('1');
    if (separator < 1) {
      throw new Bolt11FormatException("bech32 text has a human-readable part followed by the separator '1'");
    }
    if (normalized.length() - separator - 1 < CHECKSUM_LENGTH) {
      throw new Bolt11FormatException("bech32 text ends with a 6-character checksum");
    }
    String hrp = normalized.substring(0, separator);
    byte[] values = new byte[normalized.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      char c = normalized.charAt(separator + 1 + i);
      byte value = c < 128 ? CHARSET_REV[c] : -1;
      if (value < 0) {
        throw new Bolt11FormatException("'" + c + "' is not a bech32 data character");
      }
      values[i] = value;
    }
    if (polymod(expandHrp(hrp), values) != 1) {
      throw new Bolt11FormatException("bech32 checksum is wrong");
    }
    return new Decoded(hrp, Arrays.copyOf(values, values.length - CHECKSUM_LENGTH));
  }

  /**
   * Regroups bits, most significant first (BIP-173 "convertbits"). With {@code pad}, a last
   * incomplete group is filled with zero bits; without it, leftover bits are dropped, which is how
   * BOLT #11 fields that are not a multiple of 5 bits are read back.
   */
  public static byte[] regroup(byte[] data, int fromBits, int toBits, boolean pad) {
    int accumulator = 0;
    int bits = 0;
    int maxValue = (1 << toBits) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * fromBits / toBits + 1);
    for (byte b : data) {
      int value = b & 0xff;
      if (value >>> fromBits != 0) {
        throw new IllegalArgumentException("value " + value + " does not fit in " + fromBits + " bits");
      }
      accumulator = (accumulator << fromBits) | value;
      bits += fromBits;
      while (bits >= toBits) {
        bits -= toBits;
        out.write((accumulator >>> bits) & maxValue);
      }
      accumulator &= (1 << bits) - 1;
    }
    if (pad && bits > 0) {
      out.write((accumulator << (toBits - bits)) & maxValue);
    }
    return out.toByteArray();
  }

  private static void checkHrp(String hrp) {
    Objects.requireNonNull(hrp, "hrp");
    if (hrp.isEmpty()) {
      throw new IllegalArgumentException("a bech32 human-readable part is not empty");
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
        throw new IllegalArgumentException("a bech32 human-readable part is printable lower-case US-ASCII");
      }
    }
  }

  private static byte[] checksum(String hrp, byte[] groups) {
    byte[] expanded = expandHrp(hrp);
    byte[] values = Arrays.copyOf(groups, groups.length + CHECKSUM_LENGTH);
    int mod = polymod(expanded, values) ^ 1;
    byte[] checksum = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      checksum[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return checksum;
  }

  private static byte[] expandHrp(String hrp) {
    byte[] bytes = hrp.getBytes(StandardCharsets.US_ASCII);
    byte[] expanded = new byte[bytes.length * 2 + 1];
    for (int i = 0; i < bytes.length; i++) {
      expanded[i] = (byte) ((bytes[i] & 0xff) >>> 5);
      expanded[bytes.length + 1 + i] = (byte) (bytes[i] & 31);
    }
    return expanded;
  }

  private static int polymod(byte[] first, byte[] second) {
    int chk = 1;
    for (byte[] part : new byte[][] {first, second}) {
      for (byte value : part) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ (value & 0xff);
        for (int i = 0; i < 5; i++) {
          if (((top >>> i) & 1) != 0) {
            chk ^= GENERATOR[i];
          }
        }
      }
    }
    return chk;
  }
}
