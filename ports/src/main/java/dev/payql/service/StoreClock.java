package dev.payql.service;

import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The time every instance sharing one store judges by: the store's own clock
 * ({@link PurchaseStore#currentTime()}), read now and then by {@link #synchronize()}, and advanced in
 * between by this JVM's monotonic {@link System#nanoTime()}. Leases, key lifetimes, replay windows
 * and invoice expiries are written by one instance and judged by another; with this clock the skew
 * of a machine's wall clock, and a jump of it (an NTP step, an operator's {@code date -s}), change
 * nothing, and reading the time costs no round trip to the store.
 *
 * <p>Between two synchronisations the clock is off by at most half the round trip of the last
 * reading plus the drift of this machine's oscillator against the store's (tens of parts per
 * million: milliseconds per minute), which is why the composition root synchronises every
 * {@link #SYNC_INTERVAL}.
 */
public final class StoreClock extends Clock {

  /** How often the composition root reads the store's time again. */
  public static final Duration SYNC_INTERVAL = Duration.ofSeconds(30);

  /** Readings per synchronisation, of which the one with the shortest round trip counts. */
  private static final int SAMPLES = 3;

  /** A correction above this is logged: one clock was stepped, or the round trip was unusually slow. */
  private static final Duration NOTABLE_CORRECTION = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(StoreClock.class.getName());

  private final Supplier<Instant> storeTime;
  private final LongSupplier nanoTime;
  private volatile Anchor anchor;

  /** The store's time {@code storeTime}, read when {@code nanoTime} stood at {@code nanos}. */
  private record Anchor(Instant storeTime, long nanos) {
    Instant at(long nowNanos) {
      return storeTime.plusNanos(nowNanos - nanos);
    }
  }

  StoreClock(Supplier<Instant> storeTime, LongSupplier nanoTime) {
    this.storeTime = Objects.requireNonNull(storeTime, "storeTime");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    synchronize();
  }

  /**
   * The clock of {@code store}, read once now.
   *
   * @throws dev.payql.ports.out.store.StoreUnavailableException when the store does not answer
   */
  public static StoreClock of(PurchaseStore store) {
    Objects.requireNonNull(store, "store");
    return new StoreClock(store::currentTime, System::nanoTime);
  }

  /**
   * Reads the store's time again and answers how far this clock was off (positive: it was behind).
   * Of {@value #SAMPLES} readings the one with the shortest round trip counts: a reading delayed on
   * one way only (the first statement of a cold JVM, a busy machine) is off by up to half its round
   * trip. When the store does not answer, its exception is thrown and the clock keeps counting from
   * the last reading.
   */
  public Duration synchronize() {
    Anchor best = null;
    long bestRoundTrip = Long.MAX_VALUE;
    for (int sample = 0; sample < SAMPLES; sample++) {
      long before = nanoTime.getAsLong();
      Instant read = storeTime.get();
      long after = nanoTime.getAsLong();
      if (after - before < bestRoundTrip) {
        bestRoundTrip = after - before;
        // the store read its clock somewhere within the round trip: its middle halves the worst error
        best = new Anchor(read, before + (after - before) / 2);
      }
    }
    Anchor previous = anchor;
    anchor = best;
    if (previous == null) {
      return Duration.ZERO;
    }
    Duration correction = Duration.between(previous.at(best.nanos()), best.storeTime());
    if (correction.abs().compareTo(NOTABLE_CORRECTION) > 0) {
      LOG.log(Level.WARNING, "the store''s clock moved {0} ms against this machine''s monotonic clock since the"
          + " last reading (round trip {1} ms): one of the clocks was stepped", correction.toMillis(),
          Duration.ofNanos(bestRoundTrip).toMillis());
    }
    return correction;
  }

  @Override
  public Instant instant() {
    return anchor.at(nanoTime.getAsLong());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same instants in {@code zone}, which only changes how they would be shown. */
  @Override
  public Clock withZone(ZoneId zone) {
    StoreClock instants = this;
    return zone.equals(ZoneOffset.UTC) ? this : new Clock() {
      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return instants.withZone(other);
      }

      @Override
      public Instant instant() {
        return instants.instant();
      }
    };
  }
}
