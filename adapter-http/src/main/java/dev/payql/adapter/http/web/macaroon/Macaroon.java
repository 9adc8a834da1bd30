package dev.payql.adapter.http.web.macaroon;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bearer token whose signature chains an HMAC-SHA256 over its identifier and each caveat in turn:
 * anyone may add a caveat (which only narrows it), nobody without the root key may remove one or
 * change the identifier. As libmacaroons, go-macaroon and js-macaroon do, the root key is first
 * turned into the signing key by HMAC-SHA256 keyed with {@code "macaroons-key-generator"}.
 *
 * @param location a hint where the macaroon is used; not signed
 * @param caveats the caveats, oldest first; each is its bytes as added (a "condition=value" text for
 *     L402's), and {@link Caveat#verificationId} is present only for third-party caveats
 */
public record Macaroon(Optional<String> location, byte[] identifier, List<Caveat> caveats, byte[] signature) {

  static final int SIGNATURE_BYTES = 32;
  private static final byte[] KEY_GENERATOR = "macaroons-key-generator".getBytes(StandardCharsets.US_ASCII);

  public Macaroon {
    Objects.requireNonNull(location, "location");
    identifier = Objects.requireNonNull(identifier, "identifier").clone();
    caveats = List.copyOf(caveats);
    signature = Objects.requireNonNull(signature, "signature").clone();
    if (signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a macaroon signature is 32 bytes, not " + signature.length);
    }
  }

  /** A new macaroon without caveats, signed with {@code rootKey}. */
  public static Macaroon mint(byte[] rootKey, byte[] identifier, Optional<String> location) {
    return new Macaroon(location, identifier, List.of(), hmac(signingKey(rootKey), identifier));
  }

  /** This macaroon narrowed by one more first-party caveat. */
  public Macaroon withFirstPartyCaveat(String condition) {
    byte[] id = condition.getBytes(StandardCharsets.UTF_8);
    List<Caveat> more = new ArrayList<>(caveats);
    more.add(new Caveat(id, Optional.empty(), Optional.empty()));
    return new Macaroon(location, identifier, more, hmac(signature, id));
  }

  /**
   * Whether the signature is the chain {@code rootKey} gives over the identifier and the caveats, in
   * constant time. Third-party caveats make it false: PayQL accepts no discharges.
   */
  public boolean isSignedBy(byte[] rootKey) {
    byte[] chain = hmac(signingKey(rootKey), identifier);
    for (Caveat caveat : caveats) {
      if (caveat.verificationId().isPresent()) {
        return false;
      }
      chain = hmac(chain, caveat.identifier());
    }
    return MessageDigest.isEqual(chain, signature);
  }

  /** The first-party caveats as text, oldest first. */
  public List<String> conditions() {
    return caveats.stream().map(caveat -> new String(caveat.identifier(), StandardCharsets.UTF_8)).toList();
  }

  @Override
  public byte[] identifier() {
    return identifier.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Macaroon other && location.equals(other.location)
        && MessageDigest.isEqual(identifier, other.identifier) && caveats.equals(other.caveats)
        && MessageDigest.isEqual(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, java.util.Arrays.hashCode(identifier), caveats);
  }

  /** Never the signature: with it anyone can use the macaroon. */
  @Override
  public String toString() {
    return "Macaroon[" + caveats.size() + " caveats]";
  }

  static byte[] signingKey(byte[] rootKey) {
    return hmac(KEY_GENERATOR, rootKey);
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /** A caveat; a first-party one is its identifier alone. */
  public record Caveat(byte[] identifier, Optional<byte[]> verificationId, Optional<String> location) {
    public Caveat {
      identifier = Objects.requireNonNull(identifier, "identifier").clone();
      Objects.requireNonNull(verificationId, "verificationId");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public byte[] identifier() {
      return identifier.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Caveat other && MessageDigest.isEqual(identifier, other.identifier)
          && verificationId.isPresent() == other.verificationId.isPresent()
          && (verificationId.isEmpty() || MessageDigest.isEqual(verificationId.get(), other.verificationId.get()))
          && location.equals(other.location);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(identifier);
    }
  }
}
