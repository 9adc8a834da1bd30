package dev.payql.service;

import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.PurchaseStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Housekeeping in bounded batches, as {@link Purchase#swept} says: lapsed unpaid purchases become
 * EXPIRED, keys that could still execute (unused, failed, or abandoned by a dead executor) expire at
 * the end of their lifetime, replay responses are deleted when their window closes. Each change is
 * a compare-and-set, so every instance can sweep at once; a lost race just means another did it.
 */
public final class Sweeper {

  private final PurchaseStore store;
  private final Clock clock;
  private final int batchSize;

  public Sweeper(PurchaseStore store, Clock clock, int batchSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.batchSize = batchSize;
  }

  /** Sweeps one batch; returns how many purchases this call changed. */
  public int sweepOnce() {
    var now = clock.instant();
    List<Purchase> due = store.findSweepable(now, batchSize);
    int changed = 0;
    for (Purchase purchase : due) {
      Optional<Purchase> next = purchase.swept(now);
      if (next.isPresent() && store.compareAndSet(next.get())) {
        changed++;
      }
    }
    return changed;
  }
}
