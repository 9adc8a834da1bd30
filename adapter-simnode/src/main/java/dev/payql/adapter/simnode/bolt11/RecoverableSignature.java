package dev.payql.adapter.simnode.bolt11;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

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
    return new RecoverableSignature(
        new BigInteger(1, Arrays.copyOfRange(compact, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(compact, 32, 64)),
        compact[64]);
  }

  public byte[] toCompact() {
    byte[] out = new byte[65];
    System.arraycopy(Secp256k1.toBytes32(r), 0, out, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(s), 0, out, 32, 32);
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
    return recoverPoint(hash, r, s, recoveryId).map(NodeId::of);
  }

  /** Plain ECDSA verification against a known key (BOLT #11: when an {@code n} field is given). */
  public boolean verify(byte[] hash, NodeId signer) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(signer.point(), Secp256k1.DOMAIN));
    return verifier.verifySignature(hash, r, s);
  }

  static Optional<ECPoint> recoverPoint(byte[] hash, BigInteger r, BigInteger s, int recoveryId) {
    BigInteger n = Secp256k1.N;
    BigInteger x = r.add(BigInteger.valueOf(recoveryId / 2).multiply(n));
    BigInteger prime = Secp256k1.PARAMS.getCurve().getField().getCharacteristic();
    if (x.compareTo(prime) >= 0) {
      return Optional.empty();
    }
    byte[] encoded = new byte[33];
    encoded[0] = (byte) ((recoveryId & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(Secp256k1.toBytes32(x), 0, encoded, 1, 32);
    ECPoint bigR;
    try {
      bigR = Secp256k1.DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
    // secp256k1 has cofactor 1, so every curve point has order n and needs no extra check
    BigInteger e = new BigInteger(1, hash).mod(n);
    BigInteger rInverse = r.modInverse(n);
    BigInteger u1 = n.subtract(e).mod(n).multiply(rInverse).mod(n);
    BigInteger u2 = s.multiply(rInverse).mod(n);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(Secp256k1.DOMAIN.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? Optional.empty() : Optional.of(q);
  }
}
