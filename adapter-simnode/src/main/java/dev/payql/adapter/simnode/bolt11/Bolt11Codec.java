package dev.payql.adapter.simnode.bolt11;

import dev.payql.domain.lightning.PaymentHash;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Writes and reads BOLT #11 invoices: bech32 text whose data part is a 35-bit timestamp, tagged
 * fields and a recoverable secp256k1 signature over SHA-256(human-readable part ‖ data part padded
 * to whole bytes).
 */
public final class Bolt11Codec {

  // tagged field types (BOLT #11 "Tagged Fields"), each the value of one bech32 character
  static final int PAYMENT_HASH = 1;
  static final int FEATURES = 5;
  static final int EXPIRY = 6;
  static final int DESCRIPTION = 13;
  static final int PAYMENT_SECRET = 16;
  static final int PAYEE = 19;
  static final int DESCRIPTION_HASH = 23;
  static final int MIN_FINAL_CLTV_EXPIRY = 24;

  private static final int TIMESTAMP_GROUPS = 7;
  private static final int SIGNATURE_GROUPS = 104;
  private static final int MAX_FIELD_GROUPS = 1023;
  private static final int HASH_GROUPS = 52;
  private static final int PAYEE_GROUPS = 53;
  /** 12 groups are 60 bits: every longer integer field would overflow a long. */
  private static final int MAX_INTEGER_GROUPS = 12;

  /**
   * Feature bits BOLT #9 allows in invoices (context "9"): var_onion_optin 8/9, payment_secret
   * 14/15, basic_mpp 16/17, option_payment_metadata 48/49. A reader fails on an unknown even
   * ("compulsory") bit and ignores unknown odd ones (BOLT #11 "Feature Bits": it's ok to be odd).
   */
  private static final Set<Integer> KNOWN_FEATURES = Set.of(8, 9, 14, 15, 16, 17, 48, 49);

  private Bolt11Codec() {}

  /** Signs {@code invoice} with {@code key} and writes it as lower-case bech32. */
  public static String encode(Bolt11Invoice invoice, NodeKey key) {
    invoice.payeeField().ifPresent(payee -> {
      if (!payee.equals(key.nodeId())) {
        throw new IllegalArgumentException("the n field names " + payee + " but the invoice is signed by " + key.nodeId());
      }
    });
    String hrp = new HumanReadablePart(invoice.network(), invoice.amount()).format();
    GroupWriter data = new GroupWriter();
    data.writeInteger(invoice.timestamp().getEpochSecond(), TIMESTAMP_GROUPS);
    // field order: the one the BOLT #11 examples use, so they re-encode byte for byte
    data.writeField(PAYMENT_HASH, Bech32.regroup(invoice.paymentHash().bytes(), 8, 5, true));
    invoice.description().ifPresent(d -> data.writeField(DESCRIPTION,
        Bech32.regroup(d.getBytes(StandardCharsets.UTF_8), 8, 5, true)));
    invoice.descriptionHash().ifPresent(h -> data.writeField(DESCRIPTION_HASH,
        Bech32.regroup(HexFormat.of().parseHex(h), 8, 5, true)));
    invoice.paymentSecret().ifPresent(s -> data.writeField(PAYMENT_SECRET,
        Bech32.regroup(HexFormat.of().parseHex(s), 8, 5, true)));
    invoice.expiry().ifPresent(x -> data.writeField(EXPIRY, minimalGroups(BigInteger.valueOf(x.toSeconds()))));
    invoice.minFinalCltvExpiry().ifPresent(c -> data.writeField(MIN_FINAL_CLTV_EXPIRY,
        minimalGroups(BigInteger.valueOf(c))));
    if (invoice.features().signum() != 0) {
      data.writeField(FEATURES, minimalGroups(invoice.features()));
    }
    invoice.payeeField().ifPresent(n -> data.writeField(PAYEE, Bech32.regroup(n.bytes(), 8, 5, true)));
    byte[] unsigned = data.toGroups();
    RecoverableSignature signature = key.sign(signingHash(hrp, unsigned));
    byte[] signatureGroups = Bech32.regroup(signature.toCompact(), 8, 5, true);
    byte[] all = Arrays.copyOf(unsigned, unsigned.length + signatureGroups.length);
    System.arraycopy(signatureGroups, 0, all, unsigned.length, signatureGroups.length);
    return Bech32.encode(hrp, all);
  }

  /**
   * Reads an invoice and checks its signature (BOLT #11 "Requirements" for a reader). Unknown
   * fields and known fields of the wrong length are skipped, as the specification requires.
   *
   * @throws Bolt11FormatException when the text is not a valid invoice, naming the broken rule
   */
  public static SignedBolt11 decode(String text) {
    Parsed parsed = parse(text);
    Bolt11Invoice invoice = parsed.invoice();
    byte[] data = parsed.data();
    int signatureStart = data.length - SIGNATURE_GROUPS;
    byte[] signatureBytes = Bech32.regroup(Arrays.copyOfRange(data, signatureStart, data.length), 5, 8, false);
    RecoverableSignature signature;
    try {
      signature = RecoverableSignature.fromCompact(signatureBytes);
    } catch (IllegalArgumentException e) {
      throw new Bolt11FormatException("the signature is malformed: " + e.getMessage());
    }
    byte[] hash = signingHash(parsed.hrp(), Arrays.copyOfRange(data, 0, signatureStart));
    NodeId payee;
    if (invoice.payeeField().isPresent()) {
      // BOLT #11: with a valid n field, verify against it instead of recovering
      payee = invoice.payeeField().get();
      if (!signature.verify(hash, payee)) {
        throw new Bolt11FormatException("the signature does not match the payee in the n field");
      }
    } else {
      payee = signature.recover(hash)
          .orElseThrow(() -> new Bolt11FormatException("the signature is not recoverable"));
    }
    return new SignedBolt11(parsed.text(), invoice, payee, signature);
  }

  /**
   * Reads an invoice's fields <em>without checking its signature</em>: for a node that finds its own
   * invoice by the payment hash and then compares the whole text with the one it signed, which
   * proves more than a signature check would and costs no elliptic-curve work. Never trust what
   * this returns otherwise.
   *
   * @throws Bolt11FormatException when the text is not a well-formed invoice
   */
  public static Bolt11Invoice decodeUnverified(String text) {
    return parse(text).invoice();
  }

  private record Parsed(String text, String hrp, byte[] data, Bolt11Invoice invoice) {}

  private static Parsed parse(String text) {
    String trimmed = text.strip();
    if (trimmed.regionMatches(true, 0, "lightning:", 0, 10)) {
      trimmed = trimmed.substring(10);
    }
    Bech32.Decoded bech32 = Bech32.decode(trimmed);
    HumanReadablePart hrp = HumanReadablePart.parse(bech32.hrp());
    byte[] data = bech32.data();
    if (data.length < TIMESTAMP_GROUPS + SIGNATURE_GROUPS) {
      throw new Bolt11FormatException("the data part is too short to hold a timestamp and a signature");
    }
    int signatureStart = data.length - SIGNATURE_GROUPS;
    long timestamp = readInteger(data, 0, TIMESTAMP_GROUPS);
    Fields fields = new Fields();
    int position = TIMESTAMP_GROUPS;
    while (position < signatureStart) {
      if (signatureStart - position < 3) {
        throw new Bolt11FormatException("a tagged field header is cut short by the signature");
      }
      int type = data[position];
      int length = data[position + 1] * 32 + data[position + 2];
      int start = position + 3;
      if (start + length > signatureStart) {
        throw new Bolt11FormatException("a tagged field of type " + type + " runs into the signature");
      }
      fields.read(type, Arrays.copyOfRange(data, start, start + length));
      position = start + length;
    }
    return new Parsed(trimmed.toLowerCase(java.util.Locale.ROOT), bech32.hrp(), data, fields.toInvoice(hrp, timestamp));
  }

  /** SHA-256 of the human-readable part's bytes and the data groups packed into bytes, zero-padded. */
  static byte[] signingHash(String hrp, byte[] unsignedGroups) {
    byte[] hrpBytes = hrp.getBytes(StandardCharsets.UTF_8);
    byte[] dataBytes = Bech32.regroup(unsignedGroups, 5, 8, true);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(hrpBytes);
      return sha256.digest(dataBytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Big-endian 5-bit groups without leading zero groups ("SHOULD use the minimum data_length"). */
  private static byte[] minimalGroups(BigInteger value) {
    int count = (value.bitLength() + 4) / 5;
    byte[] groups = new byte[count];
    for (int i = 0; i < count; i++) {
      groups[count - 1 - i] = (byte) value.shiftRight(5 * i).intValue();
      groups[count - 1 - i] &= 31;
    }
    return groups;
  }

  private static long readInteger(byte[] groups, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      value = (value << 5) | groups[i];
    }
    return value;
  }

  /** The fields seen so far; the first valid field of each kind wins (BOLT #11 "Payer / Payee Requirements"). */
  private static final class Fields {
    private PaymentHash paymentHash;
    private String paymentSecret;
    private String description;
    private String descriptionHash;
    private Duration expiry;
    private Long minFinalCltvExpiry;
    private BigInteger features;
    private NodeId payee;

    void read(int type, byte[] groups) {
      switch (type) {
        case PAYMENT_HASH -> {
          if (groups.length == HASH_GROUPS && paymentHash == null) {
            paymentHash = PaymentHash.of(bytes(groups));
          }
        }
        case PAYMENT_SECRET -> {
          if (groups.length == HASH_GROUPS && paymentSecret == null) {
            paymentSecret = HexFormat.of().formatHex(bytes(groups));
          }
        }
        case DESCRIPTION_HASH -> {
          if (groups.length == HASH_GROUPS && descriptionHash == null) {
            descriptionHash = HexFormat.of().formatHex(bytes(groups));
          }
        }
        case DESCRIPTION -> {
          if (description == null) {
            description = utf8(bytes(groups));
          }
        }
        case EXPIRY -> {
          if (expiry == null) {
            expiry = Duration.ofSeconds(integer(groups, "x (expiry)"));
          }
        }
        case MIN_FINAL_CLTV_EXPIRY -> {
          if (minFinalCltvExpiry == null) {
            minFinalCltvExpiry = integer(groups, "c (min_final_cltv_expiry)");
          }
        }
        case FEATURES -> {
          if (features == null) {
            features = bitSet(groups);
          }
        }
        case PAYEE -> {
          if (groups.length == PAYEE_GROUPS && payee == null) {
            try {
              payee = NodeId.of(bytes(groups));
            } catch (IllegalArgumentException notAPoint) {
              // "if a valid n field is provided": an invalid one is skipped like an unknown field
            }
          }
        }
        default -> {
          // unknown fields, routes (r) and fallback addresses (f) are not needed here: skipped
        }
      }
    }

    Bolt11Invoice toInvoice(HumanReadablePart hrp, long timestamp) {
      if (paymentHash == null) {
        throw new Bolt11FormatException("the invoice has no payment hash (p field)");
      }
      if ((description == null) == (descriptionHash == null)) {
        throw new Bolt11FormatException("an invoice has exactly one of a description (d) and a description hash (h)");
      }
      BigInteger featureBits = features == null ? BigInteger.ZERO : features;
      for (int bit = 0; bit < featureBits.bitLength(); bit += 2) {
        if (featureBits.testBit(bit) && !KNOWN_FEATURES.contains(bit)) {
          throw new Bolt11FormatException("the invoice requires feature " + bit + ", which this reader does not know");
        }
      }
      return new Bolt11Invoice(hrp.network(), hrp.amount(), Instant.ofEpochSecond(timestamp), paymentHash,
          Optional.ofNullable(paymentSecret), Optional.ofNullable(description), Optional.ofNullable(descriptionHash),
          Optional.ofNullable(expiry), Optional.ofNullable(minFinalCltvExpiry), featureBits, Optional.ofNullable(payee));
    }

    private static byte[] bytes(byte[] groups) {
      return Bech32.regroup(groups, 5, 8, false);
    }

    private static long integer(byte[] groups, String field) {
      if (groups.length > MAX_INTEGER_GROUPS) {
        throw new Bolt11FormatException("the " + field + " field is too long for a number");
      }
      return readInteger(groups, 0, groups.length);
    }

    private static BigInteger bitSet(byte[] groups) {
      BigInteger value = BigInteger.ZERO;
      for (byte group : groups) {
        value = value.shiftLeft(5).or(BigInteger.valueOf(group));
      }
      return value;
    }

    private static String utf8(byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new Bolt11FormatException("the description (d field) is not valid UTF-8");
      }
    }
  }

  /** Collects 5-bit groups. */
  private static final class GroupWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void writeInteger(long value, int groups) {
      for (int i = groups - 1; i >= 0; i--) {
        out.write((int) ((value >>> (5 * i)) & 31));
      }
    }

    void writeField(int type, byte[] groups) {
      if (groups.length > MAX_FIELD_GROUPS) {
        throw new IllegalArgumentException("a tagged field holds at most " + MAX_FIELD_GROUPS + " groups (639 bytes)");
      }
      out.write(type);
      writeInteger(groups.length, 2);
      out.writeBytes(groups);
    }

    byte[] toGroups() {
      return out.toByteArray();
    }
  }
}
