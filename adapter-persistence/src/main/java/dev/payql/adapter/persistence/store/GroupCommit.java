package dev.payql.adapter.persistence.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the writes that callers hand in while the database is busy making the previous ones
 * durable are applied together in one transaction, and one commit makes them all durable before any
 * of them is answered (ADR 0041).
 *
 * <p>Why: H2 writes a new chunk of its file at every commit, the changed pages of the table and its
 * six indexes up to their roots, and two H2 commits never share that work. A redemption is two
 * commits, so the embedded store's commits, not PayQL's code, bounded every paid request (the
 * profile in docs/benchmarks.md). Committed together, concurrent writes share their pages and one
 * file write; a caller still returns only when its own write is durable.
 *
 * <p>One thread, the committer, takes the waiting writes in the order they came, up to
 * {@code maxGroup} at a time, and runs them in that order on one connection, so a later write of
 * the group sees the earlier ones (two compare-and-sets of one version: the first wins, as alone).
 * If a write fails (a duplicate key, a bad value) nothing of the group is committed and each of
 * its writes runs again alone, so one write's failure is never another's. A failed commit fails
 * every write of its group, as it would have failed a write alone.
 */
public final class GroupCommit implements Writes {

  /** More writes than a busy instance's request threads hand in during one commit; a bound on one transaction. */
  public static final int DEFAULT_MAX_GROUP = 64;

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final DataSource pool;
  private final int maxGroup;
  private final IntConsumer committedGroups;
  private final BlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
  /** Guards {@link #closed} against a write handed in while the committer is told to stop. */
  private final Object intake = new Object();
  private final Thread committer;
  private boolean closed;

  /**
   * Starts the committer.
   *
   * @param committedGroups told the number of writes of every group committed together (1 for a
   *     write that ran alone): what the metrics show of how much the grouping saves
   */
  public static GroupCommit start(DataSource pool, int maxGroup, IntConsumer committedGroups) {
    GroupCommit group = new GroupCommit(pool, maxGroup, committedGroups);
    group.committer.start();
    return group;
  }

  private GroupCommit(DataSource pool, int maxGroup, IntConsumer committedGroups) {
    if (maxGroup < 1) {
      throw new IllegalArgumentException("a group holds at least one write, not " + maxGroup);
    }
    this.pool = Objects.requireNonNull(pool, "pool");
    this.maxGroup = maxGroup;
    this.committedGroups = Objects.requireNonNull(committedGroups, "committedGroups");
    this.committer = Thread.ofPlatform().name("payql-store-commit").daemon(true).unstarted(this::commitUntilClosed);
  }

  @Override
  public <T> T run(Write<T> write) throws SQLException {
    Pending<T> pending = new Pending<>(Objects.requireNonNull(write, "write"));
    synchronized (intake) {
      if (closed) {
        // class 08, like a pool that is closed: the store cannot serve, the caller answers 503
        throw new SQLException("the store's writer has been closed", "08003");
      }
      waiting.add(pending);
    }
    return pending.outcome();
  }

  /** Writes handed in and not yet taken by the committer. */
  int waiting() {
    return waiting.size();
  }

  /** Finishes every write handed in before it, then stops the committer. */
  @Override
  public void close() {
    synchronized (intake) {
      if (closed) {
        return;
      }
      closed = true;
      waiting.add(Pending.STOP);
    }
    try {
      committer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void commitUntilClosed() {
    List<Pending<?>> group = new ArrayList<>(maxGroup);
    while (true) {
      group.clear();
      try {
        group.add(waiting.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts the committer but close(), which says so with STOP instead
      }
      waiting.drainTo(group, maxGroup - 1);
      // STOP is the last thing ever handed in: it can only end a group
      boolean stop = group.getLast() == Pending.STOP;
      if (stop) {
        group.removeLast();
      }
      try {
        commit(group);
      } catch (Throwable t) {
        // an Error (out of memory, say) must not strand the callers: they get it, the committer goes on
        log.error("the store's committer failed on a group of {} writes", group.size(), t);
        group.forEach(pending -> pending.fail(t));
      }
      if (stop) {
        return;
      }
    }
  }

  private void commit(List<Pending<?>> group) {
    if (group.isEmpty()) {
      return;
    }
    if (group.size() == 1) {
      runAlone(group.getFirst());
      return;
    }
    try (Connection connection = pool.getConnection()) {
      if (!appliedTogether(connection, group)) {
        group.forEach(this::runAlone);
        return;
      }
      connection.commit();
      count(group.size());
      group.forEach(Pending::succeed);
    } catch (SQLException | RuntimeException e) {
      // no connection, or the commit failed: no write of the group is known to be durable
      group.forEach(pending -> pending.fail(e));
    }
  }

  /** Applies every write of {@code group} in one open transaction; false, rolled back, if one failed. */
  private static boolean appliedTogether(Connection connection, List<Pending<?>> group) throws SQLException {
    connection.setAutoCommit(false);
    try {
      for (Pending<?> pending : group) {
        pending.apply(connection);
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      return false;
    }
  }

  private void runAlone(Pending<?> pending) {
    try (Connection connection = pool.getConnection()) {
      pending.apply(connection); // the pool's connections autocommit
      count(1);
      pending.succeed();
    } catch (SQLException | RuntimeException e) {
      pending.fail(e);
    }
  }

  /**
   * Counted before the callers are answered, so one who reads the count afterwards finds its own
   * commit in it; a count that fails is logged, since nothing after a commit may turn a durable
   * write into a failure.
   */
  private void count(int writes) {
    try {
      committedGroups.accept(writes);
    } catch (RuntimeException e) {
      log.warn("the store's commits could not be counted", e);
    }
  }

  /** A write handed in and the caller waiting for it. */
  private static final class Pending<T> {

    /** Handed in by close() behind every write: the committer stops when it reaches it. */
    static final Pending<Void> STOP = new Pending<>(connection -> null);

    private final Write<T> write;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    /** Written and read by the committer only. */
    private T result;

    Pending(Write<T> write) {
      this.write = write;
    }

    void apply(Connection connection) throws SQLException {
      result = write.applyTo(connection);
    }

    void succeed() {
      outcome.complete(result);
    }

    void fail(Throwable failure) {
      outcome.completeExceptionally(failure);
    }

    /**
     * Waits, without giving up on an interrupt, until the write is durable or has failed: an answer
     * before that would not know whether the write happened.
     */
    T outcome() throws SQLException {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        switch (e.getCause()) {
          case SQLException sql -> throw sql;
          case RuntimeException runtime -> throw runtime;
          case Error error -> throw error;
          case Throwable other -> throw new IllegalStateException(other);
        }
      }
    }
  }
}
