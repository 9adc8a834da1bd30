package dev.payql.adapter.persistence.processes;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.service.StoreClock;
import java.time.Instant;

/**
 * The child of {@link StoreClockUnderAWrongWallClockTest}, run with its wall clock set wrong by
 * {@code faketime}: prints its own wall clock, the store's clock as PayQL reads it, and whether the
 * given purchase's lease has lapsed by each.
 *
 * <p>Arguments: the PostgreSQL JDBC URL, the key digest of an executing purchase.
 */
public final class StoreClockProcess {

  private StoreClockProcess() {}

  public static void main(String[] args) {
    try (Persistence persistence = Persistence.open(PersistenceConfig.of(args[0], "", ""))) {
      StoreClock clock = StoreClock.of(persistence.store());
      Purchase claimed = persistence.store().findByKeyDigest(new KeyDigest(args[1])).orElseThrow();
      Instant wall = Instant.now();
      Instant store = clock.instant();
      System.out.println("judged wall " + wall.toEpochMilli() + " store " + store.toEpochMilli()
          + " lapsed-by-wall " + claimed.isLeaseLapsed(wall) + " lapsed-by-store " + claimed.isLeaseLapsed(store));
    }
  }
}
