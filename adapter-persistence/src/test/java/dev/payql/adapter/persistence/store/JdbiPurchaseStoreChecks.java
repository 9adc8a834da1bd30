package dev.payql.adapter.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.out.store.PurchaseStoreContract;
import dev.payql.ports.testing.TestPurchases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the JDBI store must do beyond the port's contract, on every database it runs on: large
 * answers, batches that mix kinds of sweep work, cursors under contention, migrations run twice.
 */
abstract class JdbiPurchaseStoreChecks extends PurchaseStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration KEY_LIFETIME = Duration.ofDays(30);

  protected abstract PersistenceConfig config();

  protected abstract Persistence persistence();

  @Test
  void theStoresClockIsTheDatabaseServersReadAsAnInstant() {
    // the test databases run on this machine: a time zone read wrongly would be hours off
    Duration offThisMachine = Duration.between(Instant.now(), store().currentTime()).abs();

    assertThat(offThisMachine).isLessThan(Duration.ofMinutes(5));
  }

  @Test
  void aResponseOfTwoMegabytesIsStoredAndReplayedByteForByte() {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    Purchase paid = awaiting.markPaid(T0, KEY_LIFETIME).orElseThrow();
    Purchase executing = paid.claim(T0, Duration.ofSeconds(30));
    byte[] body = TestPurchases.randomBytes(2 * 1024 * 1024);
    assertThat(store().compareAndSet(paid)).isTrue();
    assertThat(store().compareAndSet(executing)).isTrue();

    assertThat(store().compareAndSet(executing.complete(body, T0, Duration.ofMinutes(10)))).isTrue();

    assertThat(store().findByKeyDigest(awaiting.keyDigest()).orElseThrow().response().orElseThrow().body())
        .isEqualTo(body);
  }

  @Test
  void aSweepBatchIsFilledFromEveryKindOfWorkUpToItsLimit() {
    Instant now = T0.plus(Duration.ofDays(40));
    for (int i = 0; i < 3; i++) {
      store().insert(TestPurchases.awaiting(T0, Duration.ofMinutes(10)));
    }
    for (int i = 0; i < 3; i++) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
      store().insert(purchase);
      store().compareAndSet(purchase.markPaid(T0, KEY_LIFETIME).orElseThrow());
    }

    List<Purchase> batch = store().findSweepable(now, 5);

    assertThat(batch).hasSize(5);
    assertThat(batch).extracting(Purchase::state).contains(PurchaseState.AWAITING_PAYMENT, PurchaseState.PAID);
    assertThat(batch).extracting(Purchase::keyDigest).doesNotHaveDuplicates();
  }

  @Test
  void aPurchaseNotYetDueIsNotSweptAtTheInstantBeforeItsExpiryButIsAtIt() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);

    assertThat(store().findSweepable(purchase.invoiceExpiresAt().minusMillis(1), 10)).isEmpty();
    assertThat(store().findSweepable(purchase.invoiceExpiresAt(), 10)).hasSize(1);
  }

  @Test
  void ofSixteenThreadsRacingEveryStepOfOnePurchaseExactlyOneWinsEachStep() throws Exception {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    Purchase current = awaiting;
    for (int step = 0; step < 5; step++) {
      Instant at = T0.plusSeconds(step);
      Purchase from = store().findByKeyDigest(awaiting.keyDigest()).orElseThrow();
      Purchase next = switch (from.state()) {
        case AWAITING_PAYMENT -> from.markPaid(at, KEY_LIFETIME).orElseThrow();
        case PAID, FAILED -> from.claim(at, Duration.ofSeconds(30));
        case EXECUTING -> from.fail();
        default -> throw new AssertionError(from.state());
      };
      assertThat(race(16, next)).isEqualTo(1);
      current = next;
    }
    assertThat(store().findByKeyDigest(awaiting.keyDigest()).orElseThrow().version()).isEqualTo(current.version());
  }

  @Test
  void cursorsOfSeveralStreamsAdvancedConcurrentlyNeverMoveBack() throws Exception {
    List<String> streams = List.of("lnd", "cln", "simulated");
    try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 100; i >= 1; i--) {
        long cursor = i;
        for (String stream : streams) {
          done.add(pool.submit(() -> {
            store().advanceSettlementCursor(stream, cursor);
            assertThat(store().settlementCursor(stream)).isGreaterThanOrEqualTo(cursor);
          }));
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    for (String stream : streams) {
      assertThat(store().settlementCursor(stream)).isEqualTo(100);
    }
  }

  @Test
  void badCursorArgumentsAreRefused() {
    assertThatThrownBy(() -> store().advanceSettlementCursor("lnd", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().advanceSettlementCursor(" ", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().settlementCursor("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRefundedPurchaseStoredBeforeRefundsWereRecordedReadsWithoutARefund() {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    // what a REFUNDED row from before V4__refunds.sql looks like: no refund columns
    Purchase legacy = new Purchase(awaiting.keyDigest(), awaiting.fingerprint(), awaiting.paymentHash(),
        awaiting.paymentRequest(), awaiting.price(), awaiting.weight(), false, awaiting.createdAt(),
        awaiting.invoiceExpiresAt(),
        PurchaseState.REFUNDED, 1, Optional.of(T0), Optional.of(T0.plus(KEY_LIFETIME)), Optional.empty(), 1,
        Optional.empty(), Optional.empty());

    assertThat(store().compareAndSet(legacy)).isTrue();

    Purchase stored = store().findByKeyDigest(awaiting.keyDigest()).orElseThrow();
    assertThat(stored.state()).isEqualTo(PurchaseState.REFUNDED);
    assertThat(stored.refund()).isEmpty();
  }

  @Test
  void openingTheSameDatabaseAgainKeepsItsDataAndRunsNoMigrationTwice() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);
    store().advanceSettlementCursor("lnd", 9);

    try (Persistence again = Persistence.open(config())) {
      assertThat(again.store().findByKeyDigest(purchase.keyDigest())).isPresent();
      assertThat(again.store().settlementCursor("lnd")).isEqualTo(9);
    }
    assertThat(store().findAwaitingPayment(Optional.empty(), 10)).extracting(Purchase::keyDigest)
        .containsExactly(purchase.keyDigest());
  }

  /** Fires {@code next} from {@code threads} threads at once; returns how many saw their write succeed. */
  private int race(int threads, Purchase next) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return store().compareAndSet(next);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> result : results) {
        wins += result.get() ? 1 : 0;
      }
      return wins;
    }
  }
}
