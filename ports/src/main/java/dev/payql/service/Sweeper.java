package dev.payql.service;

import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.PurchaseStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Housekeeping in bounded batches: lapsed unpaid purchases become EXPIRED, unused paid keys expire
 * after their lifetime, replay responses are deleted when their window closes. Each change is a
 * compare-and-set, so every instance can sweep at once; a lost race just means another did it.
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
      Purchase next = switch (purchase.state()) {
        case AWAITING_PAYMENT -> purchase.isInvoiceLapsed(now) ? purchase.expireInvoice(now) : null;
        case PAID -> purchase.isKeyLapsed(now) ? purchase.expireKey(now) : null;
        case SPENT -> purchase.response().filter(r -> !r.isReplayableAt(now)).isPresent()
            ? purchase.forgetResponse(now) : null;
        default -> null;
      };
      if (next != null && store.compareAndSet(next)) {
        changed++;
      }
    }
    return changed;
  }
}
