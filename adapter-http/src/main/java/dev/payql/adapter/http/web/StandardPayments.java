package dev.payql.adapter.http.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the standard payment schemes on {@code /graphql} (L402 and LSAT, the HTTP {@code Payment}
 * scheme, x402) need besides the use cases: the root key their credentials are signed with, shared
 * by every instance (ADR 0028), the realm they name, how long a paid purchase stays redeemable, and
 * the clock credentials' expiries are judged by (the one the use cases judge by).
 *
 * <p>Each scheme signs with its own key derived from the root key, so a MAC made for one scheme is
 * never accepted by another.
 */
public final class StandardPayments {

  private final byte[] macaroonKey;
  private final byte[] paymentChallengeKey;
  private final byte[] x402Key;
  private final String realm;
  private final Duration keyLifetime;
  private final Clock clock;

  private StandardPayments(byte[] rootKey, String realm, Duration keyLifetime, Clock clock) {
    if (rootKey.length < 32) {
      throw new IllegalArgumentException("the credential root key is at least 32 bytes");
    }
    this.macaroonKey = derive(rootKey, "payql l402 macaroons");
    this.paymentChallengeKey = derive(rootKey, "payql payment challenges");
    this.x402Key = derive(rootKey, "payql x402 requirements");
    this.realm = Objects.requireNonNull(realm, "realm");
    this.keyLifetime = Objects.requireNonNull(keyLifetime, "keyLifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param rootKey the shared root key (32 random bytes)
   * @param realm the protection space the challenges name
   * @param keyLifetime how long a paid purchase stays redeemable (the redemption policy's)
   * @param clock the clock the use cases judge expiries by
   */
  public static StandardPayments of(byte[] rootKey, String realm, Duration keyLifetime, Clock clock) {
    return new StandardPayments(rootKey, realm, keyLifetime, clock);
  }

  /**
   * A root key of this process's own: credentials outlive neither a restart nor another instance.
   * For tests and for hosts that run one instance and accept that.
   */
  public static StandardPayments ephemeral(String realm, Duration keyLifetime, Clock clock) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new StandardPayments(key, realm, keyLifetime, clock);
  }

  byte[] macaroonKey() {
    return macaroonKey.clone();
  }

  byte[] paymentChallengeKey() {
    return paymentChallengeKey.clone();
  }

  byte[] x402Key() {
    return x402Key.clone();
  }

  String realm() {
    return realm;
  }

  Duration keyLifetime() {
    return keyLifetime;
  }

  Clock clock() {
    return clock;
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static byte[] derive(byte[] rootKey, String purpose) {
    return hmac(rootKey, purpose.getBytes(StandardCharsets.US_ASCII));
  }
}
