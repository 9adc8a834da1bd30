package dev.payql.ports.out.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.Msat;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.ports.testing.TestPurchases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PurchaseStore} must do. An adapter's test extends this class and returns from
 * {@link #store()} a store that is empty at the start of each test.
 *
 * <p>Times are whole milliseconds: every supported database keeps at least that precision.
 */
public abstract class PurchaseStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration REPLAY = Duration.ofMinutes(10);
  private static final Duration KEY_LIFETIME = Duration.ofDays(30);

  protected abstract PurchaseStore store();

  private static void assertSame(Optional<Purchase> actual, Purchase expected) {
    assertThat(actual).isPresent();
    assertThat(actual.get())
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }

  @Test
  void aNewPurchaseIsFoundByItsKeyDigestAndByItsPaymentHash() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));

    store().insert(purchase);

    assertSame(store().findByKeyDigest(purchase.keyDigest()), purchase);
    assertSame(store().findByPaymentHash(purchase.paymentHash()), purchase);
  }

  @Test
  void unknownKeysAndHashesFindNothing() {
    assertThat(store().findByKeyDigest(TestPurchases.randomDigest())).isEmpty();
    assertThat(store().findByPaymentHash(TestPurchases.randomHash())).isEmpty();
  }

  @Test
  void aSecondPurchaseWithTheSameKeyDigestIsRefused() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);

    assertThatThrownBy(() -> store().insert(TestPurchases.awaiting(purchase.keyDigest(), T0, Duration.ofMinutes(10))))
        .isInstanceOfSatisfying(DuplicatePurchaseException.class,
            e -> assertThat(e.conflict()).isEqualTo(DuplicatePurchaseException.Conflict.KEY_DIGEST));
    assertSame(store().findByKeyDigest(purchase.keyDigest()), purchase);
  }

  @Test
  void aSecondPurchaseWithTheSameKeyDigestAndPaymentHashIsAKeyConflict() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);

    assertThatThrownBy(() -> store().insert(purchase))
        .isInstanceOfSatisfying(DuplicatePurchaseException.class,
            e -> assertThat(e.conflict()).isEqualTo(DuplicatePurchaseException.Conflict.KEY_DIGEST));
  }

  @Test
  void aSecondPurchaseWithTheSamePaymentHashIsRefused() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);
    Purchase sameHash = Purchase.awaitingPayment(TestPurchases.randomDigest(), purchase.fingerprint(),
        purchase.paymentHash(), purchase.paymentRequest(), purchase.price(), purchase.weight(),
        purchase.createdAt(), purchase.invoiceExpiresAt());

    assertThatThrownBy(() -> store().insert(sameHash))
        .isInstanceOfSatisfying(DuplicatePurchaseException.class,
            e -> assertThat(e.conflict()).isEqualTo(DuplicatePurchaseException.Conflict.PAYMENT_HASH));
    assertThat(store().findByKeyDigest(sameHash.keyDigest())).isEmpty();
  }

  @Test
  void everyTransitionIsStoredWithAllItsFields() {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);

    Purchase paid = awaiting.markPaid(T0.plusSeconds(5), KEY_LIFETIME).orElseThrow();
    assertThat(store().compareAndSet(paid)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), paid);

    Purchase executing = paid.claim(T0.plusSeconds(6), LEASE);
    assertThat(store().compareAndSet(executing)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), executing);

    Purchase failed = executing.fail();
    assertThat(store().compareAndSet(failed)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), failed);

    Purchase retried = failed.claim(T0.plusSeconds(7), LEASE);
    assertThat(store().compareAndSet(retried)).isTrue();

    byte[] body = "{\"data\":{\"exchange\":{\"country\":\"MT\"}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Purchase spent = retried.complete(body, T0.plusSeconds(8), REPLAY);
    assertThat(store().compareAndSet(spent)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), spent);
    assertThat(store().findByKeyDigest(awaiting.keyDigest()).orElseThrow().response().orElseThrow().body())
        .isEqualTo(body);
  }

  @Test
  void aTransitionFromAStaleVersionChangesNothing() {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    Purchase paid = awaiting.markPaid(T0.plusSeconds(5), KEY_LIFETIME).orElseThrow();
    assertThat(store().compareAndSet(paid)).isTrue();

    Purchase staleExpiry = awaiting.expireInvoice(T0.plus(Duration.ofMinutes(11)));

    assertThat(store().compareAndSet(staleExpiry)).isFalse();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), paid);
  }

  @Test
  void aTransitionOfAPurchaseNeverStoredChangesNothing() {
    Purchase neverStored = TestPurchases.awaiting(T0, Duration.ofMinutes(10));

    assertThat(store().compareAndSet(neverStored.markPaid(T0, KEY_LIFETIME).orElseThrow())).isFalse();
    assertThat(store().findByKeyDigest(neverStored.keyDigest())).isEmpty();
  }

  @Test
  void ofSixteenConcurrentClaimsExactlyOneWins() throws Exception {
    Purchase awaiting = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    Purchase paid = awaiting.markPaid(T0.plusSeconds(1), KEY_LIFETIME).orElseThrow();
    assertThat(store().compareAndSet(paid)).isTrue();

    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        Instant claimedAt = T0.plusSeconds(2 + i);
        results.add(pool.submit(() -> {
          start.await();
          return store().compareAndSet(paid.claim(claimedAt, LEASE));
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> result : results) {
        wins += result.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    }
    Purchase stored = store().findByKeyDigest(awaiting.keyDigest()).orElseThrow();
    assertThat(stored.state()).isEqualTo(PurchaseState.EXECUTING);
    assertThat(stored.version()).isEqualTo(paid.version() + 1);
  }

  @Test
  void awaitingPurchasesAreListedInKeyOrderInBatches() {
    List<Purchase> awaiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
      store().insert(purchase);
      awaiting.add(purchase);
    }
    Purchase paid = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(paid);
    store().compareAndSet(paid.markPaid(T0, KEY_LIFETIME).orElseThrow());
    List<KeyDigest> expected = awaiting.stream().map(Purchase::keyDigest)
        .sorted(Comparator.comparing(KeyDigest::hex)).toList();

    List<Purchase> firstBatch = store().findAwaitingPayment(Optional.empty(), 3);
    List<Purchase> secondBatch = store().findAwaitingPayment(Optional.of(firstBatch.getLast().keyDigest()), 3);

    assertThat(firstBatch).extracting(Purchase::keyDigest).containsExactlyElementsOf(expected.subList(0, 3));
    assertThat(secondBatch).extracting(Purchase::keyDigest).containsExactlyElementsOf(expected.subList(3, 5));
  }

  @Test
  void aRefundIsStoredWithItsInvoiceHashAndAmountBeforeItIsPaidAndWithItsFeeAfter() {
    Purchase failed = fail(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1));
    Refund refund = Refund.requested(TestPurchases.randomHash(), TestPurchases.PAYMENT_REQUEST, Msat.ofSat(20),
        T0.plusSeconds(30));

    Purchase refunding = failed.startRefund(refund);
    assertThat(store().compareAndSet(refunding)).isTrue();
    assertSame(store().findByKeyDigest(failed.keyDigest()), refunding);

    Purchase refunded = refunding.refundPaid(Msat.of(1_234));
    assertThat(store().compareAndSet(refunded)).isTrue();
    assertSame(store().findByKeyDigest(failed.keyDigest()), refunded);
    assertThat(store().findByKeyDigest(failed.keyDigest()).orElseThrow().refund().orElseThrow().fee())
        .contains(Msat.of(1_234));
  }

  @Test
  void aFailedRefundLeavesNoRefundBehind() {
    Purchase failed = fail(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1));
    Purchase refunding = failed.startRefund(Refund.requested(TestPurchases.randomHash(), TestPurchases.PAYMENT_REQUEST,
        Msat.ofSat(21), T0.plusSeconds(30)));
    assertThat(store().compareAndSet(refunding)).isTrue();

    assertThat(store().compareAndSet(refunding.refundFailed())).isTrue();

    Purchase stored = store().findByKeyDigest(failed.keyDigest()).orElseThrow();
    assertThat(stored.state()).isEqualTo(PurchaseState.FAILED);
    assertThat(stored.refund()).isEmpty();
  }

  @Test
  void refundingPurchasesAreListedInKeyOrderInBatches() {
    List<Purchase> refunding = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Purchase failed = fail(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1));
      Purchase started = failed.startRefund(Refund.requested(TestPurchases.randomHash(), TestPurchases.PAYMENT_REQUEST,
          Msat.ofSat(1), T0.plusSeconds(30)));
      assertThat(store().compareAndSet(started)).isTrue();
      refunding.add(started);
    }
    fail(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1)); // failed, not refunding
    store().insert(TestPurchases.awaiting(T0, Duration.ofMinutes(10)));
    List<KeyDigest> expected = refunding.stream().map(Purchase::keyDigest)
        .sorted(Comparator.comparing(KeyDigest::hex)).toList();

    List<Purchase> firstBatch = store().findRefunding(Optional.empty(), 3);
    List<Purchase> secondBatch = store().findRefunding(Optional.of(firstBatch.getLast().keyDigest()), 3);

    assertThat(firstBatch).extracting(Purchase::keyDigest).containsExactlyElementsOf(expected.subList(0, 3));
    assertThat(secondBatch).extracting(Purchase::keyDigest).containsExactlyElementsOf(expected.subList(3, 5));
    assertThat(firstBatch.getFirst().refund()).isPresent();
  }

  @Test
  void sweepableAreLapsedInvoicesLapsedKeysAndClosedReplayWindowsOnly() {
    Instant now = T0.plus(Duration.ofDays(40));
    Purchase lapsedInvoice = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase openInvoice = TestPurchases.awaiting(now.minusSeconds(60), Duration.ofMinutes(10));
    Purchase lapsedKey = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase liveKey = TestPurchases.awaiting(now.minusSeconds(120), Duration.ofMinutes(10));
    Purchase closedReplay = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase openReplay = TestPurchases.awaiting(now.minusSeconds(60), Duration.ofMinutes(10));
    for (Purchase p : List.of(lapsedInvoice, openInvoice, lapsedKey, liveKey, closedReplay, openReplay)) {
      store().insert(p);
    }
    store().compareAndSet(lapsedKey.markPaid(T0.plusSeconds(1), KEY_LIFETIME).orElseThrow());
    store().compareAndSet(liveKey.markPaid(now.minusSeconds(100), KEY_LIFETIME).orElseThrow());
    spend(closedReplay, T0.plusSeconds(1));
    spend(openReplay, now.minusSeconds(50));

    List<Purchase> sweepable = store().findSweepable(now, 100);

    assertThat(sweepable).extracting(Purchase::keyDigest)
        .containsExactlyInAnyOrder(lapsedInvoice.keyDigest(), lapsedKey.keyDigest(), closedReplay.keyDigest());
    assertThat(store().findSweepable(now, 2)).hasSize(2);
  }

  @Test
  void failedAndAbandonedKeysAreSweepableOnceTheirLifetimeIsOverButALiveExecutionIsNot() {
    Instant now = T0.plus(KEY_LIFETIME).plus(Duration.ofDays(1));
    Purchase failedLongAgo = failed(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1));
    Purchase failedRecently = failed(TestPurchases.awaiting(now.minusSeconds(120), Duration.ofMinutes(10)),
        now.minusSeconds(100));
    Purchase abandonedLongAgo = claimed(TestPurchases.awaiting(T0, Duration.ofMinutes(10)), T0.plusSeconds(1));
    // paid so that its lifetime ended 5 s ago, claimed 10 s ago: still executing under its lease
    Purchase stillExecuting = claimed(TestPurchases.awaiting(now.minus(KEY_LIFETIME).minusSeconds(6),
        Duration.ofMinutes(10)), now.minusSeconds(10));

    List<Purchase> sweepable = store().findSweepable(now, 100);

    assertThat(sweepable).extracting(Purchase::keyDigest)
        .containsExactlyInAnyOrder(failedLongAgo.keyDigest(), abandonedLongAgo.keyDigest())
        .doesNotContain(failedRecently.keyDigest(), stillExecuting.keyDigest());
    assertThat(store().findSweepable(now.plus(LEASE), 100)).extracting(Purchase::keyDigest)
        .contains(stillExecuting.keyDigest());
  }

  @Test
  void aPurchaseSoldAtMostOnceKeepsThatThroughItsUnknownOutcomeAndItsRefund() {
    Purchase awaiting = TestPurchases.awaitingAtMostOnce(T0, Duration.ofMinutes(10));
    store().insert(awaiting);
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), awaiting);
    assertSame(store().findByPaymentHash(awaiting.paymentHash()), awaiting);

    Purchase paid = awaiting.markPaid(T0.plusSeconds(5), KEY_LIFETIME).orElseThrow();
    Purchase executing = paid.claim(T0.plusSeconds(6), LEASE);
    Purchase unknown = executing.interrupt();
    for (Purchase next : List.of(paid, executing, unknown)) {
      assertThat(store().compareAndSet(next)).isTrue();
      assertSame(store().findByKeyDigest(awaiting.keyDigest()), next);
    }
    assertThat(store().findByKeyDigest(awaiting.keyDigest()).orElseThrow().state())
        .isEqualTo(PurchaseState.OUTCOME_UNKNOWN);

    Purchase refunding = unknown.startRefund(Refund.requested(TestPurchases.randomHash(),
        TestPurchases.PAYMENT_REQUEST, Msat.ofSat(20), T0.plusSeconds(9)));
    assertThat(store().compareAndSet(refunding)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), refunding);
    Purchase refundFailed = refunding.refundFailed();
    assertThat(store().compareAndSet(refundFailed)).isTrue();
    assertSame(store().findByKeyDigest(awaiting.keyDigest()), refundFailed);
    assertThat(refundFailed.state()).isEqualTo(PurchaseState.OUTCOME_UNKNOWN);
  }

  @Test
  void anAbandonedPurchaseSoldAtMostOnceIsSweepableOnceItsLeaseLapsesAndAnUnknownOutcomeWithItsKey() {
    Instant now = T0.plus(Duration.ofDays(1));
    Purchase abandoned = claimed(TestPurchases.awaitingAtMostOnce(now.minusSeconds(120), Duration.ofMinutes(10)),
        now.minus(LEASE));
    Purchase stillExecuting = claimed(TestPurchases.awaitingAtMostOnce(now.minusSeconds(120),
        Duration.ofMinutes(10)), now.minusSeconds(10));
    Purchase abandonedQuery = claimed(TestPurchases.awaiting(now.minusSeconds(120), Duration.ofMinutes(10)),
        now.minus(LEASE));
    Purchase unknownLongAgo = claimed(TestPurchases.awaitingAtMostOnce(T0.minus(KEY_LIFETIME),
        Duration.ofMinutes(10)), T0.minus(KEY_LIFETIME).plusSeconds(2)).interrupt();
    assertThat(store().compareAndSet(unknownLongAgo)).isTrue();
    Purchase unknownRecently = claimed(TestPurchases.awaitingAtMostOnce(now.minusSeconds(120),
        Duration.ofMinutes(10)), now.minusSeconds(100)).interrupt();
    assertThat(store().compareAndSet(unknownRecently)).isTrue();

    List<Purchase> sweepable = store().findSweepable(now, 100);

    assertThat(sweepable).extracting(Purchase::keyDigest)
        .containsExactlyInAnyOrder(abandoned.keyDigest(), unknownLongAgo.keyDigest())
        .doesNotContain(stillExecuting.keyDigest(), abandonedQuery.keyDigest(), unknownRecently.keyDigest());
    assertThat(sweepable).allSatisfy(p -> assertThat(p.swept(now)).isPresent());
  }

  @Test
  void aSpentPurchaseWhoseResponseWasForgottenIsNoLongerSweepable() {
    Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store().insert(purchase);
    Purchase spent = spend(purchase, T0.plusSeconds(1));
    Instant later = T0.plus(Duration.ofHours(1));

    assertThat(store().compareAndSet(spent.forgetResponse(later))).isTrue();

    assertThat(store().findSweepable(later, 10)).isEmpty();
    assertThat(store().findByKeyDigest(purchase.keyDigest()).orElseThrow().response()).isEmpty();
  }

  @Test
  void theStoresClockDoesNotGoBackBetweenTwoReadings() {
    Instant first = store().currentTime();
    Instant second = store().currentTime();

    assertThat(second).isAfterOrEqualTo(first);
  }

  @Test
  void aSettlementCursorStartsAtZeroAndOnlyMovesForward() {
    assertThat(store().settlementCursor("lnd")).isZero();

    store().advanceSettlementCursor("lnd", 7);
    store().advanceSettlementCursor("lnd", 5);
    store().advanceSettlementCursor("cln", 2);

    assertThat(store().settlementCursor("lnd")).isEqualTo(7);
    assertThat(store().settlementCursor("cln")).isEqualTo(2);
  }

  @Test
  void concurrentCursorAdvancesKeepTheHighest() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 1; i <= 64; i++) {
        long cursor = i;
        done.add(pool.submit(() -> store().advanceSettlementCursor("simulated", cursor)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(store().settlementCursor("simulated")).isEqualTo(64);
  }

  /** Inserts {@code awaiting}, pays it and fails its execution; returns the stored FAILED purchase. */
  private Purchase fail(Purchase awaiting, Instant at) {
    store().insert(awaiting);
    Purchase paid = awaiting.markPaid(at, KEY_LIFETIME).orElseThrow();
    Purchase executing = paid.claim(at, LEASE);
    Purchase failed = executing.fail();
    assertThat(store().compareAndSet(paid)).isTrue();
    assertThat(store().compareAndSet(executing)).isTrue();
    assertThat(store().compareAndSet(failed)).isTrue();
    return failed;
  }

  /** Stores {@code awaiting}, paid at {@code at}, claimed at {@code claimedAt} (its lifetime runs from {@code at}). */
  private Purchase claimed(Purchase awaiting, Instant claimedAt) {
    store().insert(awaiting);
    Purchase paid = awaiting.markPaid(awaiting.createdAt().plusSeconds(1), KEY_LIFETIME).orElseThrow();
    assertThat(store().compareAndSet(paid)).isTrue();
    Purchase executing = paid.claim(claimedAt, LEASE);
    assertThat(store().compareAndSet(executing)).isTrue();
    return executing;
  }

  private Purchase failed(Purchase awaiting, Instant at) {
    Purchase failed = claimed(awaiting, at).fail();
    assertThat(store().compareAndSet(failed)).isTrue();
    return failed;
  }

  private Purchase spend(Purchase awaiting, Instant at) {
    Purchase paid = awaiting.markPaid(at, KEY_LIFETIME).orElseThrow();
    Purchase executing = paid.claim(at, LEASE);
    Purchase spent = executing.complete(new byte[] {'{', '}'}, at, REPLAY);
    assertThat(store().compareAndSet(paid)).isTrue();
    assertThat(store().compareAndSet(executing)).isTrue();
    assertThat(store().compareAndSet(spent)).isTrue();
    return spent;
  }
}
