package dev.payql.adapter.simnode.bolt11;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A node's secp256k1 private key, which signs its invoices. Signatures use RFC 6979 deterministic
 * nonces (HMAC-SHA256), as libsecp256k1 does, so the same key and message give the same signature
 * as the reference implementations and the BOLT #11 examples. {@link #toString()} never prints it.
 */
public final class NodeKey {

  private final BigInteger privateKey;
  private final ECPoint publicPoint;
  private final NodeId nodeId;

  private NodeKey(BigInteger privateKey) {
    if (privateKey.signum() <= 0 || privateKey.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("a secp256k1 private key lies in [1, n-1]");
    }
    this.privateKey = privateKey;
    this.publicPoint = Secp256k1.publicPoint(privateKey);
    this.nodeId = NodeId.of(publicPoint);
  }

  /** @param privateKey 32 bytes, big-endian */
  public static NodeKey of(byte[] privateKey) {
    if (privateKey.length != 32) {
      throw new IllegalArgumentException("a private key is 32 bytes, not " + privateKey.length);
    }
    return new NodeKey(new BigInteger(1, privateKey));
  }

  public static NodeKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    while (true) {
      byte[] candidate = new byte[32];
      random.nextBytes(candidate);
      BigInteger value = new BigInteger(1, candidate);
      // the chance of landing outside [1, n-1] is about 2^-128, but it is not zero
      if (value.signum() > 0 && value.compareTo(Secp256k1.N) < 0) {
        return new NodeKey(value);
      }
    }
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** The 32 private-key bytes, for the key file only. */
  public byte[] privateKeyBytes() {
    return Secp256k1.toBytes32(privateKey);
  }

  /** Signs a 32-byte hash: deterministic nonce, low S, with the recovery id that finds this key. */
  public RecoverableSignature sign(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("sign a 32-byte hash, not " + hash.length + " bytes");
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey, Secp256k1.DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    // (r, s) and (r, n-s) are both valid; Bitcoin and Lightning use the low one (BIP-62)
    if (s.compareTo(Secp256k1.HALF_N) > 0) {
      s = Secp256k1.N.subtract(s);
    }
    for (int recoveryId = 0; recoveryId < 4; recoveryId++) {
      if (RecoverableSignature.recoverPoint(hash, r, s, recoveryId).filter(publicPoint::equals).isPresent()) {
        return new RecoverableSignature(r, s, recoveryId);
      }
    }
    throw new IllegalStateException("no recovery id reproduces the signing key");
  }

  @Override
  public String toString() {
    return "NodeKey[" + nodeId + "]";
  }
}
