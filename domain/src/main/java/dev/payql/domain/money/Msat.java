package dev.payql.domain.money;

/**
 * An amount in millisatoshi, the unit BOLT11 invoices and both node APIs use. Never negative.
 * A long holds 9.2e18 msat, about 92 million BTC: more than will ever exist.
 */
public record Msat(long value) implements Comparable<Msat> {

  public static final Msat ZERO = new Msat(0);

  /** Millisatoshi in one bitcoin: 10^8 sat × 10^3. */
  public static final long PER_BTC = 100_000_000_000L;

  public Msat {
    if (value < 0) {
      throw new IllegalArgumentException("an amount cannot be negative: " + value + " msat");
    }
  }

  public static Msat of(long value) {
    return new Msat(value);
  }

  public static Msat ofSat(long sat) {
    return new Msat(Math.multiplyExact(sat, 1000L));
  }

  public Msat plus(Msat other) {
    return new Msat(Math.addExact(value, other.value));
  }

  public Msat times(long factor) {
    return new Msat(Math.multiplyExact(value, factor));
  }

  public boolean isGreaterThan(Msat other) {
    return value > other.value;
  }

  /** Whole satoshi, rounded up: what a wallet that cannot pay fractions of a sat must pay. */
  public long satRoundedUp() {
    return Math.ceilDiv(value, 1000L);
  }

  @Override
  public int compareTo(Msat other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value + " msat";
  }
}
