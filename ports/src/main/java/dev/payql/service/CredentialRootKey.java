package dev.payql.service;

import dev.payql.ports.out.credentials.RootKeyStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The root key of PayQL's payment credentials: made once, kept in the store sealed with AES-256-GCM
 * under a key derived from the operator's credentials secret, and unsealed by every instance that
 * knows that secret. A stolen database copy or backup therefore mints no credential (ADR 0028).
 *
 * <p>Sealed form: {@code 0x01 | 12-byte nonce | ciphertext and 16-byte tag}, the tag also covering a
 * fixed label, so bytes sealed for anything else never unseal as a root key.
 */
public final class CredentialRootKey {

  public static final int ROOT_KEY_BYTES = 32;
  private static final byte SEALED_VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] LABEL = "payql credential root key v1".getBytes(StandardCharsets.US_ASCII);

  private CredentialRootKey() {}

  /**
   * The shared root key: the stored one, or a new one stored now if there is none.
   *
   * @param secret the operator's credentials secret (at least 16 bytes); instances sharing a store
   *     must share it
   * @throws IllegalStateException when the stored key was sealed under another secret
   */
  public static byte[] load(RootKeyStore store, byte[] secret, SecureRandom random) {
    Objects.requireNonNull(store, "store");
    if (secret.length < 16) {
      throw new IllegalArgumentException("the credentials secret is at least 16 bytes");
    }
    byte[] sealingKey = sealingKey(secret);
    byte[] fresh = new byte[ROOT_KEY_BYTES];
    random.nextBytes(fresh);
    byte[] stored = store.sealedRootKey(seal(fresh, sealingKey, random));
    Arrays.fill(fresh, (byte) 0);
    return unseal(stored, sealingKey);
  }

  static byte[] seal(byte[] rootKey, byte[] sealingKey, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sealingKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(LABEL);
      byte[] sealed = cipher.doFinal(rootKey);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(SEALED_VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has AES-GCM", e);
    }
  }

  static byte[] unseal(byte[] sealed, byte[] sealingKey) {
    if (sealed.length != 1 + NONCE_BYTES + ROOT_KEY_BYTES + TAG_BITS / 8 || sealed[0] != SEALED_VERSION) {
      throw new IllegalStateException("the store holds a credential root key of a form this PayQL does not know");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sealingKey, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(LABEL);
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("the credential root key in the store was sealed under another credentials "
          + "secret (PAYQL_CREDENTIALS_SECRET, or the data directory's credentials.secret for the embedded store): "
          + "every instance sharing a store needs the same one, and a copied database its secret beside it", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has AES-GCM", e);
    }
  }

  /** HMAC-SHA256 keyed with the secret over a fixed label: a 256-bit AES key whatever the secret's length. */
  static byte[] sealingKey(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(LABEL);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
