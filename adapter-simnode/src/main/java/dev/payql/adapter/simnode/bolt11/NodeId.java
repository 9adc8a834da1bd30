package dev.payql.adapter.simnode.bolt11;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A Lightning node's public key: a compressed secp256k1 point, 33 bytes, 66 lowercase hex. */
public record NodeId(String hex) {

  private static final Pattern COMPRESSED = Pattern.compile("0[23][0-9a-f]{64}");

  public NodeId {
    Objects.requireNonNull(hex, "hex");
    if (!COMPRESSED.matcher(hex).matches()) {
      throw new IllegalArgumentException("a node id is 66 lowercase hex characters starting with 02 or 03");
    }
  }

  /** @throws IllegalArgumentException when the bytes are not a point on the curve */
  public static NodeId of(byte[] compressed) {
    if (compressed.length != 33) {
      throw new IllegalArgumentException("a node id is 33 bytes, not " + compressed.length);
    }
    if (!Secp256k1.get().isPublicKey(compressed)) {
      throw new IllegalArgumentException("not a point on secp256k1");
    }
    return ofTrusted(compressed);
  }

  /** A key the curve library computed itself, so already known to be a point. */
  static NodeId ofTrusted(byte[] compressed) {
    return new NodeId(HexFormat.of().formatHex(compressed));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
