package dev.payql.adapter.persistence.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.testing.TestPurchases;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real JVM whose wall clock is hours wrong (Debian's {@code faketime}, which moves the clock the
 * whole process sees) reads the shared store's time, not its own, and judges a lease another
 * instance took as the store's clock says: live, though by its own clock it lapsed long ago, or
 * lapsed as it will be, though by its own clock it was taken in the future.
 */
@RequiresPostgres
class StoreClockUnderAWrongWallClockTest {

  private static final Duration LEASE = Duration.ofMinutes(5);

  private PostgresTestDatabase database;
  private Persistence persistence;

  @BeforeEach
  void open() {
    requireFaketime();
    database = PostgresTestDatabase.create();
    persistence = Persistence.open(database.config());
  }

  @AfterEach
  void close() {
    if (persistence != null) {
      persistence.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aProcessWhoseWallClockIsAheadDoesNotTakeALiveLease() throws Exception {
    // by its own clock, two hours on, the lease lapsed long ago
    Judgement judgement = judgeUnder("+2h", executingSince(Duration.ZERO));

    assertThat(judgement.lapsedByStore()).as("the live lease, judged by the store's clock").isFalse();
    assertThat(judgement.lapsedByWall()).as("the same lease judged by the child's own clock").isTrue();
  }

  @Test
  void aProcessWhoseWallClockIsBehindDoesNotKeepALapsedLease() throws Exception {
    // by its own clock, three days back, the lease was taken in the future and is live
    Judgement judgement = judgeUnder("-3d", executingSince(LEASE.multipliedBy(2)));

    assertThat(judgement.lapsedByStore()).as("the lapsed lease, judged by the store's clock").isTrue();
    assertThat(judgement.lapsedByWall()).as("the same lease judged by the child's own clock").isFalse();
  }

  private record Judgement(boolean lapsedByWall, boolean lapsedByStore) {}

  /** A purchase claimed {@code ago} before now by the store's clock, under a lease of {@link #LEASE}. */
  private Purchase executingSince(Duration ago) {
    PurchaseStore store = persistence.store();
    Instant claimedAt = store.currentTime().minus(ago);
    Purchase awaiting = TestPurchases.awaiting(claimedAt, Duration.ofMinutes(10));
    store.insert(awaiting);
    Purchase paid = awaiting.markPaid(claimedAt, Duration.ofDays(30)).orElseThrow();
    Purchase executing = paid.claim(claimedAt, LEASE);
    assertThat(store.compareAndSet(paid) && store.compareAndSet(executing)).isTrue();
    return executing;
  }

  private Judgement judgeUnder(String offset, Purchase executing) throws Exception {
    Instant before = persistence.store().currentTime();
    String line;
    try (ChildJvm child = ChildJvm.startUnder(List.of("faketime", "-f", offset), StoreClockProcess.class, List.of(),
        database.jdbcUrl(), executing.keyDigest().hex())) {
      do {
        line = child.nextLine(Duration.ofMinutes(3)).orElseThrow(() -> new AssertionError("the child judged nothing"));
      } while (!line.startsWith("judged "));
      assertThat(child.waitFor(Duration.ofMinutes(1))).isZero();
    }
    Instant after = persistence.store().currentTime();
    String[] words = line.substring("judged ".length()).split(" ");
    Instant wall = Instant.ofEpochMilli(Long.parseLong(words[1]));
    Instant storeTime = Instant.ofEpochMilli(Long.parseLong(words[3]));
    assertThat(Duration.between(after, wall).abs()).as("faketime moved the child's wall clock")
        .isGreaterThan(Duration.ofHours(1));
    assertThat(storeTime).as("the child's idea of the time").isBetween(before.minusSeconds(1), after.plusSeconds(1));
    return new Judgement(Boolean.parseBoolean(words[5]), Boolean.parseBoolean(words[7]));
  }

  private static void requireFaketime() {
    try {
      Process probe = new ProcessBuilder("faketime", "-f", "+1h", "true").redirectErrorStream(true).start();
      if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return;
      }
    } catch (IOException | InterruptedException e) {
      // reported below
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI must run the wrong-wall-clock test, but faketime does not run: apt-get install faketime");
    }
    Assumptions.abort("wrong-wall-clock test skipped: faketime does not run here (apt-get install faketime)");
  }
}
