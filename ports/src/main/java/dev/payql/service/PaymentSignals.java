package dev.payql.service;

import dev.payql.domain.purchase.KeyDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * In-process news that a purchase's payment was recorded, so a long poll waiting on it wakes at
 * once instead of asking the store and the node over and over. {@link PaymentRecorder} signals
 * every payment it records, whichever path found it (the settlement stream, a redemption, the
 * reconciliation); every instance runs its own stream, so its own waiters hear of every payment.
 *
 * <p>Only keys someone waits on are held, and only while they wait: memory is bounded by the
 * long polls admitted. Closing wakes every waiter, so a stopping server answers them instead of
 * cutting them off.
 */
public final class PaymentSignals implements AutoCloseable {

  private final ConcurrentHashMap<KeyDigest, Waiting> waiting = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** Starts listening for the payment of {@code digest}; close the watch when done waiting. */
  public Watch watch(KeyDigest digest) {
    Waiting entry = waiting.compute(digest, (d, existing) -> {
      Waiting w = existing == null ? new Waiting() : existing;
      w.watchers++;
      return w;
    });
    return new Watch(digest, entry.paid);
  }

  /** The payment of {@code digest} is recorded: wakes whoever waits on it. */
  public void paid(KeyDigest digest) {
    Waiting entry = waiting.get(digest);
    if (entry != null) {
      entry.paid.complete(null);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Wakes every waiter, now and from now on. */
  @Override
  public void close() {
    closed.complete(null);
  }

  /** How many keys are being waited on (tests: nothing is kept once nobody waits). */
  int watched() {
    return waiting.size();
  }

  private static final class Waiting {
    final CompletableFuture<Void> paid = new CompletableFuture<>();
    int watchers;
  }

  /** One waiter's interest in one key. */
  public final class Watch implements AutoCloseable {
    private final KeyDigest digest;
    private final CompletableFuture<Void> wake;

    private Watch(KeyDigest digest, CompletableFuture<Void> paid) {
      this.digest = digest;
      this.wake = CompletableFuture.anyOf(paid, closed).thenApply(ignored -> null);
    }

    /**
     * Waits at most {@code patience} for the payment, or for PayQL to stop. Returns true if woken,
     * false when the time passed. An interrupt ends the wait as if woken, the flag kept set.
     */
    public boolean await(Duration patience) {
      if (patience.isNegative() || patience.isZero()) {
        return wake.isDone();
      }
      try {
        wake.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      } catch (ExecutionException e) {
        return true;
      }
    }

    @Override
    public void close() {
      waiting.computeIfPresent(digest, (d, entry) -> --entry.watchers == 0 ? null : entry);
    }
  }
}
