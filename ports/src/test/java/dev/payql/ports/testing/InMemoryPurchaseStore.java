package dev.payql.ports.testing;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.out.store.DuplicatePurchaseException;
import dev.payql.ports.out.store.PurchaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store in a map, for service tests. It passes the store contract, so services see real semantics.
 * Its clock is the one it is given (the system's by default), as a database's is its server's.
 */
public final class InMemoryPurchaseStore implements PurchaseStore {

  private final TreeMap<String, Purchase> byDigest = new TreeMap<>();
  private final Map<String, Long> cursors = new HashMap<>();
  private final Clock clock;

  public InMemoryPurchaseStore() {
    this(Clock.systemUTC());
  }

  public InMemoryPurchaseStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Instant currentTime() {
    return clock.instant();
  }

  @Override
  public synchronized void insert(Purchase purchase) {
    if (byDigest.containsKey(purchase.keyDigest().hex())) {
      throw new DuplicatePurchaseException("key digest exists", DuplicatePurchaseException.Conflict.KEY_DIGEST, null);
    }
    if (byDigest.values().stream().anyMatch(p -> p.paymentHash().equals(purchase.paymentHash()))) {
      throw new DuplicatePurchaseException("payment hash exists", DuplicatePurchaseException.Conflict.PAYMENT_HASH,
          null);
    }
    byDigest.put(purchase.keyDigest().hex(), purchase);
  }

  @Override
  public synchronized Optional<Purchase> findByKeyDigest(KeyDigest keyDigest) {
    return Optional.ofNullable(byDigest.get(keyDigest.hex()));
  }

  @Override
  public synchronized Optional<Purchase> findByPaymentHash(PaymentHash paymentHash) {
    return byDigest.values().stream().filter(p -> p.paymentHash().equals(paymentHash)).findFirst();
  }

  @Override
  public synchronized boolean compareAndSet(Purchase next) {
    Purchase stored = byDigest.get(next.keyDigest().hex());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    byDigest.put(next.keyDigest().hex(), next);
    return true;
  }

  @Override
  public synchronized List<Purchase> findAwaitingPayment(Optional<KeyDigest> after, int limit) {
    var tail = after.isPresent() ? byDigest.tailMap(after.get().hex(), false) : byDigest;
    return tail.values().stream().filter(p -> p.state() == PurchaseState.AWAITING_PAYMENT).limit(limit).toList();
  }

  @Override
  public synchronized List<Purchase> findRefunding(Optional<KeyDigest> after, int limit) {
    var tail = after.isPresent() ? byDigest.tailMap(after.get().hex(), false) : byDigest;
    return tail.values().stream().filter(p -> p.state() == PurchaseState.REFUNDING).limit(limit).toList();
  }

  @Override
  public synchronized List<Purchase> findSweepable(Instant now, int limit) {
    return byDigest.values().stream().filter(p -> p.swept(now).isPresent()).limit(limit).toList();
  }

  @Override
  public synchronized long settlementCursor(String stream) {
    return cursors.getOrDefault(stream, 0L);
  }

  @Override
  public synchronized void advanceSettlementCursor(String stream, long cursor) {
    cursors.merge(stream, cursor, Math::max);
  }
}
