package dev.payql.adapter.persistence.store;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.PurchaseStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: the purchase store on H2, which puts back the writes it confirmed when H2
 * reopens its file without them.
 *
 * <p>Why: on a full disk H2 2.3 closes its database at the first write that fails, and the pool
 * opens the file afresh once space returns ({@code DeadDatabaseEviction}). The reopened file does
 * not always hold every commit H2 had confirmed before the failure: {@code FullDiskTest} saw a
 * purchase confirmed about six seconds before the disk filled missing from the reopened store, in
 * about one run of two on a loaded machine. Nothing PayQL confirmed to a buyer may be lost, so the
 * store keeps its latest confirmed writes ({@link AcknowledgedWrites}) and, after H2 said its
 * database was gone, writes back any the reopened file lacks or holds in an earlier version,
 * before it serves anything else. H2 is one process's database (its file is locked), so nobody
 * else can have written the row meanwhile.
 *
 * <p>What it does not cover: a confirmed write older than the kept ones, and a process that dies
 * while the disk is full (the kept writes are in memory). PostgreSQL, which needs none of this,
 * is what real money runs on (docs/operations.md).
 */
public final class ReplayingH2Store implements PurchaseStore {

  private static final Logger log = LoggerFactory.getLogger(ReplayingH2Store.class);

  private final JdbiPurchaseStore store;
  private final AcknowledgedWrites acknowledged;
  private final AtomicBoolean reopened = new AtomicBoolean();
  /** Calls share it; the replay takes it alone, so nothing reads the reopened file before it. */
  private final ReadWriteLock replayGate = new ReentrantReadWriteLock();

  public ReplayingH2Store(JdbiPurchaseStore store, AcknowledgedWrites acknowledged) {
    this.store = Objects.requireNonNull(store, "store");
    this.acknowledged = Objects.requireNonNull(acknowledged, "acknowledged");
  }

  /** Told by the pool when H2 closed its database: the next connection opens the file again. */
  public void databaseGone() {
    reopened.set(true);
  }

  @Override
  public void insert(Purchase purchase) {
    serve(() -> {
      store.insert(purchase);
      acknowledged.record(purchase);
      return null;
    });
  }

  @Override
  public boolean compareAndSet(Purchase next) {
    return serve(() -> {
      boolean changed = store.compareAndSet(next);
      if (changed) {
        acknowledged.record(next);
      }
      return changed;
    });
  }

  @Override
  public Optional<Purchase> findByKeyDigest(KeyDigest keyDigest) {
    return serve(() -> store.findByKeyDigest(keyDigest));
  }

  @Override
  public Optional<Purchase> findByPaymentHash(PaymentHash paymentHash) {
    return serve(() -> store.findByPaymentHash(paymentHash));
  }

  @Override
  public List<Purchase> findAwaitingPayment(Optional<KeyDigest> after, int limit) {
    return serve(() -> store.findAwaitingPayment(after, limit));
  }

  @Override
  public List<Purchase> findRefunding(Optional<KeyDigest> after, int limit) {
    return serve(() -> store.findRefunding(after, limit));
  }

  @Override
  public List<Purchase> findSweepable(Instant now, int limit) {
    return serve(() -> store.findSweepable(now, limit));
  }

  @Override
  public Instant currentTime() {
    return serve(store::currentTime);
  }

  /** A lost cursor only makes the settlement watcher look at settlements again, which it tolerates. */
  @Override
  public long settlementCursor(String stream) {
    return serve(() -> store.settlementCursor(stream));
  }

  @Override
  public void advanceSettlementCursor(String stream, long cursor) {
    serve(() -> {
      store.advanceSettlementCursor(stream, cursor);
      return null;
    });
  }

  private <T> T serve(Supplier<T> call) {
    while (true) {
      replayGate.readLock().lock();
      try {
        if (!reopened.get()) {
          return call.get();
        }
      } finally {
        replayGate.readLock().unlock();
      }
      replay();
    }
  }

  /**
   * Writes back what the reopened file lost. A store that still fails (the disk is still full)
   * throws as any call would, and the next call tries again.
   */
  private void replay() {
    replayGate.writeLock().lock();
    try {
      if (!reopened.get()) {
        return; // another caller replayed meanwhile
      }
      int restored = 0;
      List<Purchase> kept = acknowledged.latest();
      for (Purchase confirmed : kept) {
        if (restore(confirmed)) {
          restored++;
        }
      }
      reopened.set(false);
      if (restored > 0) {
        log.warn("the store reopened its file without {} of the {} latest confirmed writes; they are written back",
            restored, kept.size());
      } else {
        log.info("the store reopened its file with all of the {} latest confirmed writes", kept.size());
      }
    } finally {
      replayGate.writeLock().unlock();
    }
  }

  private boolean restore(Purchase confirmed) {
    Optional<Purchase> kept = store.findByKeyDigest(confirmed.keyDigest());
    if (kept.isEmpty()) {
      store.insert(confirmed);
      return true;
    }
    long keptVersion = kept.get().version();
    if (keptVersion >= confirmed.version()) {
      return false;
    }
    if (!store.restore(confirmed, keptVersion)) {
      throw new IllegalStateException("purchase " + confirmed.keyDigest().shortForm()
          + " changed while the store replayed its confirmed writes alone");
    }
    return true;
  }
}
