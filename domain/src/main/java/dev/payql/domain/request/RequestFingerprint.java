package dev.payql.domain.request;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What "the same request" means (DESIGN.md 1.5): SHA-256 over the query text exactly as sent, the
 * operation name the request selects (or none) and the variables as canonical JSON.
 *
 * <p>Each part is written with its length in front, so no two different triples can produce the
 * same bytes (a query ending in text that looks like an operation name, for instance). A version
 * tag leads, so a future change of the canonical form cannot collide with stored fingerprints.
 */
public record RequestFingerprint(String hex) {

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
  private static final byte[] TAG = "payql-request-v1".getBytes(StandardCharsets.US_ASCII);

  public RequestFingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!HEX_64.matcher(hex).matches()) {
      throw new IllegalArgumentException("a request fingerprint is 64 lowercase hex characters");
    }
  }

  /**
   * @throws IllegalArgumentException when a text holds an unpaired surrogate or a number is out of
   *     range: such a request has no canonical form, and clients are told it is invalid
   */
  public static RequestFingerprint of(String query, String operationName, Map<String, ?> variables) {
    Objects.requireNonNull(query, "query");
    CanonicalJson.requireWellFormed(query);
    if (operationName != null) {
      CanonicalJson.requireWellFormed(operationName);
    }
    String canonicalVariables = variables == null || variables.isEmpty() ? "{}" : CanonicalJson.write(variables);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(TAG);
      part(sha256, query.getBytes(StandardCharsets.UTF_8));
      if (operationName == null) {
        sha256.update((byte) 0);
      } else {
        sha256.update((byte) 1);
        part(sha256, operationName.getBytes(StandardCharsets.UTF_8));
      }
      part(sha256, canonicalVariables.getBytes(StandardCharsets.UTF_8));
      return new RequestFingerprint(HexFormat.of().formatHex(sha256.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void part(MessageDigest sha256, byte[] bytes) {
    sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
    sha256.update(bytes);
  }

  @Override
  public String toString() {
    return hex;
  }
}
