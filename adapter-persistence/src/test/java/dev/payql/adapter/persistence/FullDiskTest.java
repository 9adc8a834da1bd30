package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.TestPurchases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 store on a real file system of 20 MiB, filled to the last byte and freed again three
 * times while four writers insert purchases and mark some paid. While the disk is full every write
 * is refused as unavailable (a 503), never anything else; once space returns the same store, not
 * reopened by anyone, serves again; and every write it acknowledged, before, during or after, is
 * there, exactly as written, in the running store and after a restart.
 */
class FullDiskTest {

  private static final Logger LOG = LoggerFactory.getLogger(FullDiskTest.class);
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration KEY_LIFETIME = Duration.ofDays(30);
  /** A hang guard for a loaded machine, not a measure. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir
  Path work;

  private SmallFilesystem disk;
  private final Map<String, Purchase> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Purchase> inDoubt = new ConcurrentHashMap<>();
  /** When each acknowledged write was acknowledged, to place a lost one among the store's failures in the log. */
  private final Map<String, Instant> acknowledgedAt = new ConcurrentHashMap<>();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicInteger inserted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean(true);

  @BeforeEach
  void mount() {
    disk = SmallFilesystem.mount(work, 20);
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  private PersistenceConfig config() {
    return PersistenceConfig.h2(disk.root().resolve("data"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @Test
  void aFullDiskRefusesWritesAsUnavailableAndTheStoreServesAgainByItselfWithNothingAcknowledgedLost()
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try (Persistence persistence = Persistence.open(config())) {
      PurchaseStore store = persistence.store();
      List<Future<?>> running = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 4; i++) {
        running.add(writers.submit(() -> write(store)));
      }
      for (int cycle = 1; cycle <= 3; cycle++) {
        awaitInserts(20, "writes to succeed before the disk fills (cycle " + cycle + ")");
        long filled = disk.fill();
        int refusedBefore = refused.get();
        Eventually.await("writes to be refused on the full disk (cycle " + cycle + ")", PATIENCE,
            () -> refused.get() >= refusedBefore + 20);
        disk.free();
        awaitInserts(20, "the store to serve again after space returned (cycle " + cycle + ")");
        LOG.info("cycle {} on {}: filled {} bytes, {} writes refused meanwhile", cycle, disk.kind(), filled,
            refused.get() - refusedBefore);
      }
      writing.set(false);
      for (Future<?> writer : running) {
        writer.get();
      }

      assertThat(unexpected).as("failures other than 'store unavailable'").isEmpty();
      assertEveryAcknowledgedWriteIsIn(store);
    } finally {
      writing.set(false);
      writers.shutdown();
      writers.awaitTermination(1, TimeUnit.MINUTES);
    }
    try (Persistence restarted = Persistence.open(config())) {
      assertEveryAcknowledgedWriteIsIn(restarted.store());
    }
    LOG.info("{} purchases acknowledged, {} writes refused as unavailable, {} left in doubt by a refused payment",
        acknowledged.size(), refused.get(), inDoubt.size());
  }

  private void awaitInserts(int count, String what) {
    int before = inserted.get();
    Eventually.await(what, PATIENCE, () -> inserted.get() >= before + count || !unexpected.isEmpty());
    assertThat(unexpected).as("failures other than 'store unavailable'").isEmpty();
  }

  /** One writer: insert, and mark every second purchase paid, as sales and settlements do. */
  private void write(PurchaseStore store) {
    while (writing.get()) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
      if (!attempt(() -> store.insert(purchase))) {
        continue;
      }
      acknowledged.put(purchase.keyDigest().hex(), purchase);
      acknowledgedAt.put(purchase.keyDigest().hex(), Instant.now());
      inserted.incrementAndGet();
      if (ThreadLocalRandom.current().nextBoolean()) {
        Purchase paid = purchase.markPaid(T0.plusSeconds(1), KEY_LIFETIME).orElseThrow();
        inDoubt.put(purchase.keyDigest().hex(), paid);
        if (attempt(() -> assertThat(store.compareAndSet(paid))
            .as(() -> "payment of acknowledged purchase %s recorded; stored now: %s".formatted(
                purchase.keyDigest().shortForm(), describeStored(store, purchase)))
            .isTrue())) {
          acknowledged.put(purchase.keyDigest().hex(), paid);
          acknowledgedAt.put(purchase.keyDigest().hex(), Instant.now());
          inDoubt.remove(purchase.keyDigest().hex());
        }
      }
    }
  }

  private static String describeStored(PurchaseStore store, Purchase purchase) {
    try {
      return store.findByKeyDigest(purchase.keyDigest())
          .map(stored -> stored.state() + " version " + stored.version())
          .orElse("nothing (the acknowledged insert is gone)");
    } catch (RuntimeException e) {
      return "unreadable: " + e;
    }
  }

  private boolean attempt(Runnable write) {
    try {
      write.run();
      return true;
    } catch (StoreUnavailableException e) {
      refused.incrementAndGet();
      pause();
      return false;
    } catch (RuntimeException | AssertionError e) {
      unexpected.add(e);
      pause();
      return false;
    }
  }

  /** A client told to retry later does not retry in a busy loop. */
  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Each acknowledged write is stored as written. A refused payment may or may not have reached the
   * file before the failure: either its purchase still awaits payment or it is paid, as sent, and
   * nothing in between.
   */
  private void assertEveryAcknowledgedWriteIsIn(PurchaseStore store) {
    for (Purchase expected : acknowledged.values()) {
      Optional<Purchase> stored = store.findByKeyDigest(expected.keyDigest());
      assertThat(stored).as("acknowledged purchase %s, acknowledged at %s", expected.keyDigest().shortForm(),
          acknowledgedAt.get(expected.keyDigest().hex())).isPresent();
      Purchase doubtful = inDoubt.get(expected.keyDigest().hex());
      if (doubtful != null && stored.get().state() == PurchaseState.PAID) {
        assertSameAs(stored.get(), doubtful);
      } else {
        assertSameAs(stored.get(), expected);
      }
    }
  }

  private static void assertSameAs(Purchase actual, Purchase expected) {
    assertThat(actual).usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }
}
