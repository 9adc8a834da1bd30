package dev.payql.adapter.simnode.bolt11;

import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secp256k1 operations BOLT #11 needs, on byte arrays: from libsecp256k1 (Bitcoin Core's
 * library, through ACINQ's JNI build) where it loads, else from BouncyCastle (ADR 0019). Both sign
 * with RFC 6979 deterministic nonces and low S, so they give the same signature for the same key
 * and hash; a known answer is checked before the native library is trusted.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code native} (fail if it cannot load),
 * {@code java} (BouncyCastle only), or unset: native, else BouncyCastle with a warning saying why.
 */
sealed interface Secp256k1 permits LibSecp256k1, BouncyCastleSecp256k1 {

  String PROPERTY = "payql.simnode.secp256k1";
  /** The group order n. */
  BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  BigInteger HALF_N = N.shiftRight(1);
  /** The field prime p. */
  BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);

  /** The implementation in use, chosen once. */
  static Secp256k1 get() {
    return Chosen.INSTANCE;
  }

  /** The compressed public key (33 bytes) of a 32-byte secret key. */
  byte[] publicKey(byte[] secretKey);

  /** r ‖ s (64 bytes, s low) over a 32-byte hash, nonce by RFC 6979. */
  byte[] sign(byte[] hash, byte[] secretKey);

  /** The compressed key that made {@code compact} over {@code hash} with this recovery id, if any. */
  Optional<byte[]> recover(byte[] hash, byte[] compact, int recoveryId);

  /** Plain ECDSA verification; a high-S signature is as valid as its low-S twin. */
  boolean verify(byte[] hash, byte[] compact, byte[] publicKey);

  /** Whether 33 bytes are a compressed point on the curve. */
  boolean isPublicKey(byte[] compressed);

  /** Which library this is, for the start-up log. */
  String description();

  /** 32 bytes, big-endian, left-padded with zeros. */
  static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  /** Picks the implementation on first use. */
  final class Chosen {
    // before INSTANCE: choosing may log
    private static final System.Logger LOG = System.getLogger(Secp256k1.class.getName());
    static final Secp256k1 INSTANCE = choose(System.getProperty(PROPERTY, "auto"));
    /** RFC 6979 signature by the key 0x11…11 of the hash 0x22…22, as libsecp256k1 and BouncyCastle compute it. */
    private static final String KNOWN_SIGNATURE =
        "cfd18ee918d6729134adbc61212142cf71fcf186dfc3123cfca8f7062e0fad5a"
            + "703cc467d9857349ddb6e148bd1663f5050f3f6b9d788d64349c357f14eb4a5f";

    private Chosen() {}

    static Secp256k1 choose(String wanted) {
      return switch (wanted) {
        case "java" -> new BouncyCastleSecp256k1();
        case "native" -> loadNative();
        case "auto" -> {
          try {
            yield loadNative();
          } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "libsecp256k1 is not available here ({0}); signing with BouncyCastle, several "
                + "times slower", e.toString());
            yield new BouncyCastleSecp256k1();
          }
        }
        default -> throw new IllegalStateException(PROPERTY + " is native, java or unset, not " + wanted);
      };
    }

    private static Secp256k1 loadNative() {
      LibSecp256k1 candidate = LibSecp256k1.load();
      byte[] secret = filled(0x11);
      byte[] hash = filled(0x22);
      String signature = HexFormat.of().formatHex(candidate.sign(hash, secret));
      if (!signature.equals(knownSignature())) {
        throw new IllegalStateException("libsecp256k1 gave a wrong signature for a known answer: " + signature);
      }
      return candidate;
    }

    static String knownSignature() {
      return KNOWN_SIGNATURE;
    }

    static byte[] filled(int value) {
      byte[] bytes = new byte[32];
      java.util.Arrays.fill(bytes, (byte) value);
      return bytes;
    }
  }
}
