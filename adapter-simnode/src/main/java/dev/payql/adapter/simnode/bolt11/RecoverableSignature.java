package dev.payql.adapter.simnode.bolt11;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An ECDSA signature over secp256k1 with the recovery id that lets a reader find the signer's key
 * (BOLT #11 "Data Part": 64 bytes r‖s, then one byte recovery id 0..3).
 */
public record RecoverableSignature(BigInteger r, BigInteger s, int recoveryId) {

  public RecoverableSignature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() <= 0 || s.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("signature values r and s lie in [1, n-1]");
    }
    if (recoveryId < 0 || recoveryId > 3) {
      throw new IllegalArgumentException("a recovery id is 0, 1, 2 or 3, not " + recoveryId);
    }
  }

  /** Reads the 65-byte form: r (32), s (32), recovery id (1). */
  public static RecoverableSignature fromCompact(byte[] compact) {
    if (compact.length != 65) {
      throw new IllegalArgumentException("a recoverable signature is 65 bytes, not " + compact.length);
    }
    return of(Arrays.copyOf(compact, 64), compact[64]);
  }

  static RecoverableSignature of(byte[] rs, int recoveryId) {
    return new RecoverableSignature(new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)), recoveryId);
  }

  public byte[] toCompact() {
    byte[] out = Arrays.copyOf(rs(), 65);
    out[64] = (byte) recoveryId;
    return out;
  }

  /** Low-S form (BIP-62/BIP-146): {@code s <= n/2}. */
  public boolean isLowS() {
    return s.compareTo(Secp256k1.HALF_N) <= 0;
  }

  /**
   * The public key that made this signature over {@code hash} (SEC 1 v2 section 4.1.6), or empty
   * when no point on the curve matches: the signature is not recoverable.
   */
  public Optional<NodeId> recover(byte[] hash) {
    return Secp256k1.get().recover(hash, rs(), recoveryId).map(NodeId::ofTrusted);
  }

  /** Plain ECDSA verification against a known key (BOLT #11: when an {@code n} field is given). */
  public boolean verify(byte[] hash, NodeId signer) {
    return Secp256k1.get().verify(hash, rs(), signer.bytes());
  }

  private byte[] rs() {
    byte[] out = new byte[64];
    System.arraycopy(Secp256k1.toBytes32(r), 0, out, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(s), 0, out, 32, 32);
    return out;
  }
}
