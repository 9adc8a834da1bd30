package dev.payql.service;

import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Where the settlement stream resumes after a restart, written behind the settlements it covers
 * and coalesced: while one write of the cursor is under way, the settlements recorded meanwhile
 * only raise the value the next write takes. Under load one durable write covers many settlements
 * instead of one each (a fifth of the store's commits in a paid cycle, issue #14); when idle each
 * settlement still moves it at once.
 *
 * <p>The cursor is only a hint: recording a settlement again changes nothing, and the
 * reconciliation on start asks the node about every unpaid purchase. A cursor left behind by a
 * crash or a failed write therefore costs a few settlements read twice, never a payment.
 */
final class SettlementCursor {

  private static final System.Logger LOG = System.getLogger(SettlementCursor.class.getName());

  private final PurchaseStore store;
  private final String stream;
  /** The highest cursor whose settlement is recorded; guarded by this. */
  private long wanted = -1;
  /** The highest cursor written to the store; guarded by this. */
  private long written = -1;
  /** Whether a write runs now; guarded by this. */
  private boolean writing;

  SettlementCursor(PurchaseStore store, String stream) {
    this.store = Objects.requireNonNull(store, "store");
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  /** The settlement at {@code cursor} is recorded: the stored cursor follows, soon. */
  void advanceTo(long cursor) {
    synchronized (this) {
      if (cursor <= wanted) {
        return;
      }
      wanted = cursor;
      if (writing) {
        return; // the running writer takes the new value when its write returns
      }
      writing = true;
    }
    Thread.ofVirtual().name("settlement-cursor-" + stream).start(this::writeUntilCaughtUp);
  }

  /** Writes what is still pending, on the caller's thread, after any write under way. */
  void flush() {
    long target;
    synchronized (this) {
      while (writing) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (wanted <= written) {
        return;
      }
      writing = true;
      target = wanted;
    }
    try {
      write(target);
    } finally {
      done();
    }
  }

  private void writeUntilCaughtUp() {
    try {
      while (true) {
        long target;
        synchronized (this) {
          if (wanted <= written) {
            return;
          }
          target = wanted;
        }
        if (!write(target)) {
          return; // the next settlement, or the flush on close, tries again
        }
      }
    } finally {
      done();
    }
  }

  private boolean write(long target) {
    try {
      store.advanceSettlementCursor(stream, target);
      synchronized (this) {
        written = Math.max(written, target);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not store the settlement cursor {0} of {1} (a restart reads those settlements "
          + "again): {2}", target, stream, e.toString());
      return false;
    }
  }

  private synchronized void done() {
    writing = false;
    notifyAll();
  }
}
