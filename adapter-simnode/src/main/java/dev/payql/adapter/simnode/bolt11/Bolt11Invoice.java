package dev.payql.adapter.simnode.bolt11;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signed content of a BOLT #11 invoice: the human-readable part, the timestamp and the tagged
 * fields this codec understands (BOLT #11 "Tagged Fields"). Fields a writer may leave out are
 * optional here, so that decoding and encoding again gives back the same text.
 *
 * @param timestamp whole seconds since 1970 (35 bits)
 * @param paymentSecret the {@code s} field, 64 hex
 * @param description the {@code d} field
 * @param descriptionHash the {@code h} field, 64 hex (SHA-256 of a description given elsewhere)
 * @param expiry the {@code x} field; absent means one hour
 * @param minFinalCltvExpiry the {@code c} field; absent means 18 blocks
 * @param features the {@code 9} field as a bit set (bit 0 is the least significant); zero means absent
 * @param payeeField the {@code n} field; when absent, readers recover the payee from the signature
 */
public record Bolt11Invoice(
    Network network,
    Optional<Msat> amount,
    Instant timestamp,
    PaymentHash paymentHash,
    Optional<String> paymentSecret,
    Optional<String> description,
    Optional<String> descriptionHash,
    Optional<Duration> expiry,
    Optional<Long> minFinalCltvExpiry,
    BigInteger features,
    Optional<NodeId> payeeField) {

  /** BOLT #11 "x": default expiry when the field is absent. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

  /** BOLT #11 "c": default min_final_cltv_expiry when the field is absent. */
  public static final long DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18;

  /** The timestamp is 35 bits wide (BOLT #11 "Data Part"). */
  static final long MAX_TIMESTAMP = (1L << 35) - 1;

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  public Bolt11Invoice {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(paymentHash, "paymentHash");
    Objects.requireNonNull(paymentSecret, "paymentSecret");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(descriptionHash, "descriptionHash");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(minFinalCltvExpiry, "minFinalCltvExpiry");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(payeeField, "payeeField");
    new HumanReadablePart(network, amount);
    if (timestamp.getNano() != 0 || timestamp.getEpochSecond() < 0 || timestamp.getEpochSecond() > MAX_TIMESTAMP) {
      throw new IllegalArgumentException("a BOLT11 timestamp is a whole second between 1970 and 2^35 seconds later");
    }
    paymentSecret.ifPresent(hex -> requireHex64(hex, "payment secret"));
    descriptionHash.ifPresent(hex -> requireHex64(hex, "description hash"));
    if (description.isEmpty() == descriptionHash.isEmpty()) {
      throw new IllegalArgumentException("an invoice has exactly one of a description and a description hash");
    }
    if (expiry.isPresent() && (expiry.get().isNegative() || expiry.get().getNano() != 0)) {
      throw new IllegalArgumentException("an expiry is a whole, non-negative number of seconds");
    }
    if (minFinalCltvExpiry.isPresent() && minFinalCltvExpiry.get() < 0) {
      throw new IllegalArgumentException("min_final_cltv_expiry is not negative");
    }
    if (features.signum() < 0) {
      throw new IllegalArgumentException("feature bits are a non-negative bit set");
    }
  }

  /** An invoice with only the mandatory fields and a description; add the rest with the withers. */
  public static Bolt11Invoice of(Network network, Optional<Msat> amount, Instant timestamp, PaymentHash paymentHash,
      String description) {
    return new Bolt11Invoice(network, amount, timestamp, paymentHash, Optional.empty(), Optional.of(description),
        Optional.empty(), Optional.empty(), Optional.empty(), BigInteger.ZERO, Optional.empty());
  }

  public Bolt11Invoice withPaymentSecret(byte[] secret) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("a payment secret is 32 bytes");
    }
    return new Bolt11Invoice(network, amount, timestamp, paymentHash,
        Optional.of(java.util.HexFormat.of().formatHex(secret)), description, descriptionHash, expiry,
        minFinalCltvExpiry, features, payeeField);
  }

  public Bolt11Invoice withExpiry(Duration value) {
    return new Bolt11Invoice(network, amount, timestamp, paymentHash, paymentSecret, description, descriptionHash,
        Optional.of(value), minFinalCltvExpiry, features, payeeField);
  }

  public Bolt11Invoice withMinFinalCltvExpiry(long blocks) {
    return new Bolt11Invoice(network, amount, timestamp, paymentHash, paymentSecret, description, descriptionHash,
        expiry, Optional.of(blocks), features, payeeField);
  }

  /** Sets the given feature bits (BOLT #9 numbering). */
  public Bolt11Invoice withFeatures(int... bits) {
    BigInteger set = features;
    for (int bit : bits) {
      set = set.setBit(bit);
    }
    return new Bolt11Invoice(network, amount, timestamp, paymentHash, paymentSecret, description, descriptionHash,
        expiry, minFinalCltvExpiry, set, payeeField);
  }

  public Duration expiryOrDefault() {
    return expiry.orElse(DEFAULT_EXPIRY);
  }

  public Instant expiresAt() {
    return timestamp.plus(expiryOrDefault());
  }

  public long minFinalCltvExpiryOrDefault() {
    return minFinalCltvExpiry.orElse(DEFAULT_MIN_FINAL_CLTV_EXPIRY);
  }

  public boolean hasFeature(int bit) {
    return features.testBit(bit);
  }

  private static void requireHex64(String hex, String what) {
    if (!HEX_64.matcher(hex).matches()) {
      throw new IllegalArgumentException("a " + what + " is 64 lowercase hex characters");
    }
  }
}
