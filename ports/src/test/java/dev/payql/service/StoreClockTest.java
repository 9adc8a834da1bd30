package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.ports.out.store.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The store's time, advanced by a monotonic counter between readings. Both are moved by hand here:
 * {@code storeTime} is what the database answers, {@code nanos} what {@code System.nanoTime} would.
 */
class StoreClockTest {

  private static final Instant STORE_T0 = Instant.parse("2026-05-01T10:00:00Z");

  private final AtomicReference<Instant> storeTime = new AtomicReference<>(STORE_T0);
  private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
  private final AtomicLong roundTrip = new AtomicLong();
  private int readings;

  private StoreClock clock() {
    return new StoreClock(() -> {
      readings++;
      // the store reads its clock in the middle of a round trip of roundTrip nanoseconds
      elapse(Duration.ofNanos(roundTrip.get() / 2));
      Instant answer = storeTime.get();
      elapse(Duration.ofNanos(roundTrip.get() / 2));
      return answer;
    }, nanos::get);
  }

  private void elapse(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    storeTime.updateAndGet(t -> t.plus(duration));
  }

  @Test
  void itReadsTheStoresTimeOnceWhenMadeAndCountsOnFromIt() {
    StoreClock clock = clock();
    elapse(Duration.ofSeconds(42));

    assertThat(clock.instant()).isEqualTo(STORE_T0.plusSeconds(42));
    assertThat(readings).as("no store round trip per reading of the time: only the first readings").isEqualTo(3);
  }

  @Test
  void thisMachinesWallClockTakesNoPartSoItsSkewOrAJumpOfItChangesNothing() {
    // the store's time is far from this JVM's wall clock, as on a machine whose clock is wrong
    storeTime.set(Instant.parse("2031-01-01T00:00:00Z"));

    StoreClock clock = clock();

    assertThat(clock.instant()).isEqualTo(Instant.parse("2031-01-01T00:00:00Z"));
  }

  @Test
  void theMiddleOfTheRoundTripIsTakenAsTheMomentTheStoreReadItsClock() {
    roundTrip.set(Duration.ofMillis(400).toNanos());

    StoreClock clock = clock();

    // each answer is 200 ms old when it arrives, and the clock knows it
    assertThat(clock.instant()).isEqualTo(storeTime.get());
  }

  @Test
  void ofSeveralReadingsTheOneWithTheShortestRoundTripCounts() {
    java.util.Deque<Long> roundTrips = new java.util.ArrayDeque<>(java.util.List.of(
        Duration.ofMillis(300).toNanos(), Duration.ofMillis(20).toNanos(), Duration.ofMillis(150).toNanos()));
    Instant[] readAt = new Instant[3];
    int[] sample = {0};
    // the store reads its clock right at the start of each round trip: a slow answer is an old one
    StoreClock clock = new StoreClock(() -> {
      Instant answer = storeTime.get();
      readAt[sample[0]++] = answer;
      elapse(Duration.ofNanos(roundTrips.pop()));
      return answer;
    }, nanos::get);

    // the 20 ms reading was taken 10 ms before its middle, then 150 ms passed
    assertThat(clock.instant()).isEqualTo(readAt[1].plusMillis(10).plusMillis(150));
  }

  @Test
  void synchronizingCorrectsTheDriftOfThisMachinesCounterAndSaysByHowMuch() {
    StoreClock clock = clock();
    // this machine's counter runs 1 ms per minute slow against the store's clock
    nanos.addAndGet(Duration.ofMinutes(10).minusMillis(10).toNanos());
    storeTime.set(STORE_T0.plus(Duration.ofMinutes(10)));
    assertThat(clock.instant()).isEqualTo(STORE_T0.plus(Duration.ofMinutes(10)).minusMillis(10));

    Duration correction = clock.synchronize();

    assertThat(correction).isEqualTo(Duration.ofMillis(10));
    assertThat(clock.instant()).isEqualTo(STORE_T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void whenTheStoreDoesNotAnswerTheClockKeepsCountingFromTheLastReading() {
    StoreClock clock = new StoreClock(new java.util.function.Supplier<>() {
      private int answered;

      @Override
      public Instant get() {
        if (answered == 3) {
          throw new StoreUnavailableException("down", null);
        }
        answered++;
        return STORE_T0;
      }
    }, nanos::get);
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());

    assertThatThrownBy(clock::synchronize).isInstanceOf(StoreUnavailableException.class);
    assertThat(clock.instant()).isEqualTo(STORE_T0.plusSeconds(5));
  }

  @Test
  void aStoreThatDoesNotAnswerWhenTheClockIsMadeIsReported() {
    assertThatThrownBy(() -> new StoreClock(() -> {
      throw new StoreUnavailableException("down", null);
    }, nanos::get)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void anotherZoneShowsTheSameInstants() {
    StoreClock clock = clock();
    elapse(Duration.ofSeconds(3));

    var zoned = clock.withZone(ZoneId.of("Europe/Malta"));

    assertThat(zoned.instant()).isEqualTo(clock.instant());
    assertThat(zoned.getZone()).isEqualTo(ZoneId.of("Europe/Malta"));
    assertThat(clock.withZone(java.time.ZoneOffset.UTC)).isSameAs(clock);
  }
}
