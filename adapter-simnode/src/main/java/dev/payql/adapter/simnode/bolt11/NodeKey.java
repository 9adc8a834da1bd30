package dev.payql.adapter.simnode.bolt11;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node's secp256k1 private key, which signs its invoices. Signatures use RFC 6979 deterministic
 * nonces, as libsecp256k1 does, so the same key and message give the same signature as the
 * reference implementations and the BOLT #11 examples. {@link #toString()} never prints it.
 */
public final class NodeKey {

  private final byte[] secret;
  private final NodeId nodeId;

  private NodeKey(byte[] secret) {
    BigInteger value = new BigInteger(1, secret);
    if (value.signum() <= 0 || value.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("a secp256k1 private key lies in [1, n-1]");
    }
    this.secret = secret.clone();
    this.nodeId = NodeId.ofTrusted(Secp256k1.get().publicKey(this.secret));
  }

  /** @param privateKey 32 bytes, big-endian */
  public static NodeKey of(byte[] privateKey) {
    if (privateKey.length != 32) {
      throw new IllegalArgumentException("a private key is 32 bytes, not " + privateKey.length);
    }
    return new NodeKey(privateKey);
  }

  public static NodeKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    while (true) {
      byte[] candidate = new byte[32];
      random.nextBytes(candidate);
      BigInteger value = new BigInteger(1, candidate);
      // the chance of landing outside [1, n-1] is about 2^-128, but it is not zero
      if (value.signum() > 0 && value.compareTo(Secp256k1.N) < 0) {
        return new NodeKey(candidate);
      }
    }
  }

  /** Which secp256k1 library signs and verifies here (native or pure Java), for logs. */
  public static String signer() {
    return Secp256k1.get().description();
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** The 32 private-key bytes, for the key file only. */
  public byte[] privateKeyBytes() {
    return secret.clone();
  }

  /** Signs a 32-byte hash: deterministic nonce, low S, with the recovery id that finds this key. */
  public RecoverableSignature sign(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("sign a 32-byte hash, not " + hash.length + " bytes");
    }
    Secp256k1 curve = Secp256k1.get();
    byte[] compact = curve.sign(hash, secret);
    byte[] publicKey = nodeId.bytes();
    // the signature does not say which of the (almost always two) candidate points R was: try them
    for (int recoveryId = 0; recoveryId < 4; recoveryId++) {
      if (curve.recover(hash, compact, recoveryId).filter(found -> Arrays.equals(found, publicKey)).isPresent()) {
        return RecoverableSignature.of(compact, recoveryId);
      }
    }
    throw new IllegalStateException("no recovery id reproduces the signing key");
  }

  @Override
  public String toString() {
    return "NodeKey[" + nodeId + "]";
  }
}
