package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.domain.lightning.Preimage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives each invoice's preimage from the node key and a random per-invoice nonce:
 * HMAC-SHA256(seed, nonce), with seed = HMAC-SHA256(node key, "payql simnode preimage"). Core
 * Lightning derives its preimages from its secret the same way. The journal then holds only nonces,
 * so it never stores a preimage in clear; the key file is what must stay private.
 */
final class PreimageSeed {

  private static final String HMAC = "HmacSHA256";

  private final byte[] seed;

  PreimageSeed(NodeKey key) {
    byte[] privateKey = key.privateKeyBytes();
    try {
      this.seed = hmac(privateKey, "payql simnode preimage".getBytes(StandardCharsets.US_ASCII));
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  Preimage preimage(byte[] nonce) {
    return Preimage.of(hmac(seed, nonce));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "PreimageSeed[redacted]";
  }
}
